package io.flytrap.dashboard.alerts;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEvent;

/**
 * A rule, channel or notification changed (or a refresh was asked for). Rules, channels and notifications affect
 * each other's rows (a test alert is a notification), so the alerts section reloads all of its panels.
 */
class AlertsChanged extends ComponentEvent<Component> {

    AlertsChanged(Component source) {
        super(source, false);
    }
}
