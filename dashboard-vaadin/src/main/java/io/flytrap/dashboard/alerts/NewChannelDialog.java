package io.flytrap.dashboard.alerts;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.alerts.ChannelKind;

/**
 * Asks for a new alert channel (kind, name, URL); its owner creates it (the service checks the URL, SSRF guard
 * included) and reports refusals with showProblem.
 */
class NewChannelDialog extends Dialog {

    private final Paragraph problem = new Paragraph();

    NewChannelDialog() {
        setHeaderTitle("New alert channel");
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

        problem.setId("channel-problem");
        Button save = new Button("Add", click -> fireEvent(new Save(this, kind.getValue(), name.getValue(), url.getValue())));
        save.setId("save-channel");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        kind.setWidthFull();
        name.setWidthFull();
        url.setWidthFull();
        problem.addClassName("dialog-problem");
        VerticalLayout form = new VerticalLayout(kind, name, url, problem);
        form.addClassName("dialog-form");
        add(form);
        getFooter().add(new Button("Cancel", click -> close()), save);
    }

    Registration addSaveListener(ComponentEventListener<Save> listener) {
        return addListener(Save.class, listener);
    }

    void showProblem(String text) {
        problem.setText(text);
    }

    static class Save extends ComponentEvent<NewChannelDialog> {
        private final ChannelKind kind;
        private final String name;
        private final String url;

        Save(NewChannelDialog source, ChannelKind kind, String name, String url) {
            super(source, false);
            this.kind = kind;
            this.name = name;
            this.url = url;
        }

        ChannelKind kind() {
            return kind;
        }

        String name() {
            return name;
        }

        String url() {
            return url;
        }
    }
}
