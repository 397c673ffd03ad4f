package io.flytrap.dashboard.users;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;

/** The one time a one-time password is shown: the administrator passes it on, the user changes it under Account. */
class TemporaryPasswordDialog extends Dialog {

    TemporaryPasswordDialog(String email, String password) {
        setHeaderTitle("Password for " + email);
        Span value = new Span(password);
        value.setId("temporary-password");
        value.getStyle().set("font-family", "monospace").set("font-size", "var(--lumo-font-size-l)");
        add(new VerticalLayout(new Paragraph("Give this one-time password to " + email
                + ". It is shown only now; they should change it under Account after signing in."), value));
        Button done = new Button("Done", click -> close());
        done.setId("password-shown");
        getFooter().add(done);
    }
}
