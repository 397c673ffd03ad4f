package io.flytrap.dashboard.alerts;

import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.flytrap.core.access.Caller;
import io.flytrap.core.alerts.AlertChannelService;
import io.flytrap.core.alerts.AlertRuleService;
import io.flytrap.core.alerts.NotificationService;

import java.time.Clock;

/**
 * The alerts part of a project's settings: rules, channels (with a test button), and recent notifications with
 * their errors and a retry for the failed ones; one panel each, all reloaded when any of them changes something.
 * Everything from events is set as text, never as HTML.
 */
public class AlertsSection extends VerticalLayout {

    public AlertsSection(AlertRuleService rules, AlertChannelService channels, NotificationService notifications,
                         Clock clock, Caller caller, long projectId) {
        setPadding(false);
        setId("alerts");
        AlertRulesPanel rulePanel = new AlertRulesPanel(rules, caller, projectId);
        AlertChannelsPanel channelPanel = new AlertChannelsPanel(channels, notifications, caller, projectId);
        RecentNotificationsPanel notificationPanel = new RecentNotificationsPanel(notifications, clock, caller, projectId);
        Runnable refresh = () -> {
            rulePanel.refresh();
            channelPanel.refresh();
            notificationPanel.refresh();
        };
        rulePanel.addAlertsChangedListener(changed -> refresh.run());
        channelPanel.addAlertsChangedListener(changed -> refresh.run());
        notificationPanel.addAlertsChangedListener(changed -> refresh.run());
        add(new H3("Alerts"), new Paragraph("Rules decide what deserves a human; each fires at most once per issue "
                        + "per cool-down. Every alert goes to all enabled channels; e-mail reaches the members who have "
                        + "e-mail alerts on."),
                rulePanel, channelPanel, notificationPanel);
        refresh.run();
    }
}
