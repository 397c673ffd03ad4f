package io.flytrap.dashboard.alerts;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;

/** A new webhook channel's signing secret, shown this one time. */
class WebhookSecretDialog extends Dialog {

    WebhookSecretDialog(String secret) {
        setHeaderTitle("Webhook signing secret");
        Span value = new Span(secret);
        value.setId("webhook-secret");
        value.getStyle().set("font-family", "monospace").set("word-break", "break-all");
        add(new Paragraph("Receivers verify X-Flytrap-Signature with it (see the README). It is shown only now."), value);
        getFooter().add(new Button("Done", click -> close()));
    }
}
