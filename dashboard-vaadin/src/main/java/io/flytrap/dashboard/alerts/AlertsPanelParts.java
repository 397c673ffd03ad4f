package io.flytrap.dashboard.alerts;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;

/** The look the alerts panels share: a heading with its action beside it, and small row buttons. */
final class AlertsPanelParts {

    private AlertsPanelParts() {
    }

    static HorizontalLayout header(String title, Button action) {
        HorizontalLayout header = new HorizontalLayout(new H4(title), action);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        return header;
    }

    static Button small(String caption, Runnable action) {
        Button button = new Button(caption, click -> action.run());
        button.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.TERTIARY);
        return button;
    }
}
