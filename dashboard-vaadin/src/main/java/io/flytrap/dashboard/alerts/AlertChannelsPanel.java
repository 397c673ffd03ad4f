package io.flytrap.dashboard.alerts;

import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.access.Caller;
import io.flytrap.core.alerts.AlertChannel;
import io.flytrap.core.alerts.AlertChannelService;
import io.flytrap.core.alerts.NotificationService;

import java.net.URI;

/** Where a project's alerts go: each channel can be tested, switched off or deleted; new ones from NewChannelDialog. */
class AlertChannelsPanel extends Composite<VerticalLayout> {

    private final AlertChannelService channels;
    private final Caller caller;
    private final long projectId;
    private final Grid<AlertChannel> grid = new Grid<>();

    AlertChannelsPanel(AlertChannelService channels, NotificationService notifications, Caller caller, long projectId) {
        this.channels = channels;
        this.caller = caller;
        this.projectId = projectId;
        grid.setId("alert-channels");
        grid.addColumn(channel -> channel.kind().wireName()).setHeader("Kind").setFlexGrow(1);
        grid.addColumn(AlertChannel::name).setHeader("Name").setFlexGrow(2);
        // Only the host: a Slack or Discord URL is itself a credential
        grid.addColumn(channel -> channel.url() == null ? "project members" : URI.create(channel.url()).getHost())
                .setHeader("Target").setFlexGrow(2);
        grid.addComponentColumn(channel -> {
            Checkbox enabled = new Checkbox(channel.enabled());
            enabled.addValueChangeListener(change -> {
                channels.update(caller, projectId, channel.id(), null, null, change.getValue());
                fireEvent(new AlertsChanged(this));
            });
            return enabled;
        }).setHeader("On").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(channel -> {
            Button test = AlertsPanelParts.small("Send test alert", () -> {
                notifications.sendTest(caller, projectId, channel.id());
                Notification.show("Test alert queued", 2000, Notification.Position.BOTTOM_START);
                fireEvent(new AlertsChanged(this));
            });
            test.setId("test-channel-" + channel.id());
            Button delete = AlertsPanelParts.small("Delete", () -> {
                channels.delete(caller, projectId, channel.id());
                fireEvent(new AlertsChanged(this));
            });
            return new HorizontalLayout(test, delete);
        }).setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);

        Button addChannel = new Button("Add channel", click -> openChannelDialog());
        addChannel.setId("add-channel");
        getContent().add(AlertsPanelParts.header("Channels", addChannel), grid);
        getContent().setPadding(false);
    }

    Registration addAlertsChangedListener(ComponentEventListener<AlertsChanged> listener) {
        return addListener(AlertsChanged.class, listener);
    }

    void refresh() {
        grid.setItems(channels.list(caller, projectId));
    }

    private void openChannelDialog() {
        NewChannelDialog dialog = new NewChannelDialog();
        dialog.addSaveListener(save -> {
            try {
                var created = channels.create(caller, projectId, save.kind().wireName(), save.name(), save.url());
                dialog.close();
                fireEvent(new AlertsChanged(this));
                if (created.secret() != null) {
                    new WebhookSecretDialog(created.secret()).open();
                }
            } catch (IllegalArgumentException invalid) {
                dialog.showProblem(invalid.getMessage());
            }
        });
        dialog.open();
    }
}
