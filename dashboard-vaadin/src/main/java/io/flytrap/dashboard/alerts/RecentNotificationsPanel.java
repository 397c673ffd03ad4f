package io.flytrap.dashboard.alerts;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.access.Caller;
import io.flytrap.core.alerts.Notification;
import io.flytrap.core.alerts.NotificationService;
import io.flytrap.dashboard.issues.TimeFormat;

import java.time.Clock;

/** The project's 20 newest notifications, with each one's state and last error, and a retry for failed ones. */
class RecentNotificationsPanel extends Composite<VerticalLayout> {

    private final NotificationService notifications;
    private final Caller caller;
    private final long projectId;
    private final Grid<Notification> grid = new Grid<>();

    RecentNotificationsPanel(NotificationService notifications, Clock clock, Caller caller, long projectId) {
        this.notifications = notifications;
        this.caller = caller;
        this.projectId = projectId;
        grid.setId("notifications");
        grid.addColumn(n -> TimeFormat.ago(n.createdAt(), clock.instant())).setHeader("When").setFlexGrow(1);
        grid.addColumn(n -> n.reason().replace('_', ' ')).setHeader("Why").setFlexGrow(1);
        grid.addColumn(n -> n.issueTitle() == null ? "—" : n.issueTitle()).setHeader("Issue").setFlexGrow(3);
        grid.addColumn(n -> n.channelName() + (n.recipient() == null ? "" : " → " + n.recipient()))
                .setHeader("To").setFlexGrow(2);
        grid.addComponentColumn(n -> {
            Span state = new Span(n.state() + (n.lastError() == null ? "" : ": " + n.lastError()));
            state.setId("notification-state-" + n.id());
            return state;
        }).setHeader("State").setFlexGrow(3);
        grid.addComponentColumn(this::retryButton).setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);

        Button reload = new Button("Refresh", click -> fireEvent(new AlertsChanged(this)));
        reload.addThemeVariants(ButtonVariant.TERTIARY);
        getContent().add(AlertsPanelParts.header("Recent notifications", reload), grid);
        getContent().setPadding(false);
    }

    Registration addAlertsChangedListener(ComponentEventListener<AlertsChanged> listener) {
        return addListener(AlertsChanged.class, listener);
    }

    void refresh() {
        grid.setItems(notifications.list(caller, projectId, null).stream().limit(20).toList());
    }

    private Component retryButton(Notification n) {
        if (!"failed".equals(n.state())) {
            return new Span();
        }
        Button retry = AlertsPanelParts.small("Retry", () -> {
            notifications.retry(caller, projectId, n.id());
            fireEvent(new AlertsChanged(this));
        });
        retry.setId("retry-notification-" + n.id());
        return retry;
    }
}
