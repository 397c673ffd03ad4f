package io.flytrap.dashboard.alerts;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import io.flytrap.core.access.Caller;
import io.flytrap.core.alerts.AlertChannel;
import io.flytrap.core.alerts.AlertChannelService;
import io.flytrap.core.alerts.AlertRule;
import io.flytrap.core.alerts.AlertRuleService;
import io.flytrap.core.alerts.AlertRuleService.RuleRequest;
import io.flytrap.core.alerts.ChannelKind;
import io.flytrap.core.alerts.RuleKind;
import io.flytrap.core.alerts.NotificationService;
import io.flytrap.core.event.Level;
import io.flytrap.dashboard.issues.TimeFormat;

import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * The alerts part of a project's settings: rules, channels (with a test button), and recent notifications with
 * their errors and a retry for the failed ones. Everything from events is set as text, never as HTML.
 */
public class AlertsSection extends VerticalLayout {

    private final AlertRuleService rules;
    private final AlertChannelService channels;
    private final NotificationService notifications;
    private final Clock clock;
    private final Caller caller;
    private final long projectId;
    private final Grid<AlertRule> ruleGrid = new Grid<>();
    private final Grid<AlertChannel> channelGrid = new Grid<>();
    private final Grid<io.flytrap.core.alerts.Notification> notificationGrid = new Grid<>();

    public AlertsSection(AlertRuleService rules, AlertChannelService channels, NotificationService notifications,
                         Clock clock, Caller caller, long projectId) {
        this.rules = rules;
        this.channels = channels;
        this.notifications = notifications;
        this.clock = clock;
        this.caller = caller;
        this.projectId = projectId;
        setPadding(false);
        setId("alerts");
        configureGrids();
        Button addRule = new Button("Add rule", click -> openRuleDialog());
        addRule.setId("add-rule");
        Button addChannel = new Button("Add channel", click -> openChannelDialog());
        addChannel.setId("add-channel");
        Button reload = new Button("Refresh", click -> refresh());
        reload.addThemeVariants(ButtonVariant.TERTIARY);
        add(new H3("Alerts"), new Paragraph("Rules decide what deserves a human; each fires at most once per issue "
                        + "per cool-down. Every alert goes to all enabled channels; e-mail reaches the members who have "
                        + "e-mail alerts on."),
                header(new H4("Rules"), addRule), ruleGrid, header(new H4("Channels"), addChannel), channelGrid,
                header(new H4("Recent notifications"), reload), notificationGrid);
        refresh();
    }

    private static HorizontalLayout header(H4 title, Button action) {
        HorizontalLayout header = new HorizontalLayout(title, action);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        return header;
    }

    private void configureGrids() {
        ruleGrid.setId("alert-rules");
        ruleGrid.addColumn(AlertsSection::describe).setHeader("When").setFlexGrow(3);
        ruleGrid.addColumn(rule -> rule.environments().isEmpty() ? "any" : String.join(", ", rule.environments()))
                .setHeader("Environments").setFlexGrow(1);
        ruleGrid.addColumn(rule -> rule.levels().isEmpty() ? "any" : String.join(", ", rule.levels())).setHeader("Levels").setFlexGrow(1);
        ruleGrid.addColumn(rule -> rule.cooldownMinutes() + " min").setHeader("Cool-down").setFlexGrow(1);
        ruleGrid.addComponentColumn(rule -> {
            Checkbox enabled = new Checkbox(rule.enabled());
            enabled.addValueChangeListener(change -> {
                rules.update(caller, projectId, rule.id(), new RuleRequest(null, null, null, null, null, null, change.getValue()));
                refresh();
            });
            return enabled;
        }).setHeader("On").setAutoWidth(true).setFlexGrow(0);
        ruleGrid.addComponentColumn(rule -> small("Delete", () -> {
            rules.delete(caller, projectId, rule.id());
            refresh();
        })).setAutoWidth(true).setFlexGrow(0);
        ruleGrid.setAllRowsVisible(true);

        channelGrid.setId("alert-channels");
        channelGrid.addColumn(channel -> channel.kind().wireName()).setHeader("Kind").setFlexGrow(1);
        channelGrid.addColumn(AlertChannel::name).setHeader("Name").setFlexGrow(2);
        // Only the host: a Slack or Discord URL is itself a credential
        channelGrid.addColumn(channel -> channel.url() == null ? "project members" : URI.create(channel.url()).getHost())
                .setHeader("Target").setFlexGrow(2);
        channelGrid.addComponentColumn(channel -> {
            Checkbox enabled = new Checkbox(channel.enabled());
            enabled.addValueChangeListener(change -> {
                channels.update(caller, projectId, channel.id(), null, null, change.getValue());
                refresh();
            });
            return enabled;
        }).setHeader("On").setAutoWidth(true).setFlexGrow(0);
        channelGrid.addComponentColumn(channel -> {
            Button test = small("Send test alert", () -> {
                notifications.sendTest(caller, projectId, channel.id());
                Notification.show("Test alert queued", 2000, Notification.Position.BOTTOM_START);
                refresh();
            });
            test.setId("test-channel-" + channel.id());
            Button delete = small("Delete", () -> {
                channels.delete(caller, projectId, channel.id());
                refresh();
            });
            return new HorizontalLayout(test, delete);
        }).setAutoWidth(true).setFlexGrow(0);
        channelGrid.setAllRowsVisible(true);

        notificationGrid.setId("notifications");
        notificationGrid.addColumn(n -> TimeFormat.ago(n.createdAt(), clock.instant())).setHeader("When").setFlexGrow(1);
        notificationGrid.addColumn(n -> n.reason().replace('_', ' ')).setHeader("Why").setFlexGrow(1);
        notificationGrid.addColumn(n -> n.issueTitle() == null ? "—" : n.issueTitle()).setHeader("Issue").setFlexGrow(3);
        notificationGrid.addColumn(n -> n.channelName() + (n.recipient() == null ? "" : " → " + n.recipient()))
                .setHeader("To").setFlexGrow(2);
        notificationGrid.addComponentColumn(n -> {
            Span state = new Span(n.state() + (n.lastError() == null ? "" : ": " + n.lastError()));
            state.setId("notification-state-" + n.id());
            return state;
        }).setHeader("State").setFlexGrow(3);
        notificationGrid.addComponentColumn(n -> {
            if (!"failed".equals(n.state())) {
                return new Span();
            }
            Button retry = small("Retry", () -> {
                notifications.retry(caller, projectId, n.id());
                refresh();
            });
            retry.setId("retry-notification-" + n.id());
            return retry;
        }).setAutoWidth(true).setFlexGrow(0);
        notificationGrid.setAllRowsVisible(true);
    }

    private void refresh() {
        ruleGrid.setItems(rules.list(caller, projectId));
        channelGrid.setItems(channels.list(caller, projectId));
        notificationGrid.setItems(notifications.list(caller, projectId, null).stream().limit(20).toList());
    }

    private static Button small(String caption, Runnable action) {
        Button button = new Button(caption, click -> action.run());
        button.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.TERTIARY);
        return button;
    }

    private void openRuleDialog() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("New alert rule");
        Select<RuleKind> kind = new Select<>();
        kind.setId("rule-kind");
        kind.setLabel("When");
        kind.setItems(RuleKind.values());
        kind.setItemLabelGenerator(AlertsSection::kindLabel);
        kind.setValue(RuleKind.FREQUENCY);
        IntegerField threshold = new IntegerField("More than … events");
        threshold.setId("rule-threshold");
        threshold.setValue(100);
        IntegerField window = new IntegerField("… within minutes");
        window.setId("rule-window");
        window.setValue(5);
        kind.addValueChangeListener(change -> {
            threshold.setVisible(change.getValue() == RuleKind.FREQUENCY);
            window.setVisible(change.getValue() == RuleKind.FREQUENCY);
        });
        TextField environments = new TextField("Environments (comma-separated, empty: any)");
        environments.setId("rule-environments");
        CheckboxGroup<String> levels = new CheckboxGroup<>("Levels (none ticked: any)");
        levels.setItems(Arrays.stream(Level.values()).map(Level::wireName).toList());
        IntegerField cooldown = new IntegerField("Cool-down per issue (minutes)");
        cooldown.setValue(60);
        Paragraph problem = new Paragraph();
        Button save = new Button("Add", click -> {
            try {
                List<String> envs = Arrays.stream(environments.getValue().split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList();
                rules.create(caller, projectId, new RuleRequest(kind.getValue().wireName(), threshold.getValue(),
                        window.getValue(), envs, List.copyOf(levels.getValue()), cooldown.getValue(), true));
                dialog.close();
                refresh();
            } catch (IllegalArgumentException invalid) {
                problem.setText(invalid.getMessage());
            }
        });
        save.setId("save-rule");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        dialog.add(new VerticalLayout(kind, threshold, window, environments, levels, cooldown, problem));
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
        dialog.open();
    }

    private void openChannelDialog() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("New alert channel");
        Select<ChannelKind> kind = new Select<>();
        kind.setId("channel-kind");
        kind.setLabel("Kind");
        kind.setItems(ChannelKind.SLACK, ChannelKind.DISCORD, ChannelKind.WEBHOOK);
        kind.setItemLabelGenerator(k -> switch (k) {
            case SLACK -> "Slack (incoming webhook)";
            case DISCORD -> "Discord (webhook)";
            case WEBHOOK -> "Webhook (JSON, signed)";
            case EMAIL -> "E-mail";
        });
        kind.setValue(ChannelKind.SLACK);
        TextField name = new TextField("Name");
        name.setId("channel-name");
        TextField url = new TextField("URL");
        url.setId("channel-url");
        url.setWidth("30em");
        Paragraph problem = new Paragraph();
        problem.setId("channel-problem");
        Button save = new Button("Add", click -> {
            try {
                var created = channels.create(caller, projectId, kind.getValue().wireName(), name.getValue(), url.getValue());
                dialog.close();
                refresh();
                if (created.secret() != null) {
                    showSecret(created.secret());
                }
            } catch (IllegalArgumentException invalid) {
                problem.setText(invalid.getMessage());
            }
        });
        save.setId("save-channel");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        dialog.add(new VerticalLayout(kind, name, url, problem));
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
        dialog.open();
    }

    private void showSecret(String secret) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Webhook signing secret");
        Span value = new Span(secret);
        value.setId("webhook-secret");
        value.getStyle().set("font-family", "monospace").set("word-break", "break-all");
        dialog.add(new Paragraph("Receivers verify X-Flytrap-Signature with it (see the README). It is shown only now."), value);
        dialog.getFooter().add(new Button("Done", click -> dialog.close()));
        dialog.open();
    }

    static String kindLabel(RuleKind kind) {
        return switch (kind) {
            case NEW_ISSUE -> "A new issue appears";
            case REGRESSION -> "A resolved issue comes back";
            case FREQUENCY -> "An issue has many events";
        };
    }

    static String describe(AlertRule rule) {
        return rule.kind() == RuleKind.FREQUENCY
                ? "More than " + rule.threshold() + " events in " + rule.windowMinutes() + " min"
                : kindLabel(rule.kind());
    }
}
