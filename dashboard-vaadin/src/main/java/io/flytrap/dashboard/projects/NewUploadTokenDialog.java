package io.flytrap.dashboard.projects;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.checkbox.CheckboxGroupVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.access.Scope;

import java.util.Set;

/**
 * Asks for a new upload token's name and scopes; its owner issues the token and hands it back with showToken,
 * the one time it is shown, or reports a refusal with showProblem.
 */
class NewUploadTokenDialog extends Dialog {

    private final Paragraph problem = new Paragraph();

    NewUploadTokenDialog() {
        setHeaderTitle("New upload token");
        TextField name = new TextField("Name");
        name.setId("upload-token-name");
        name.setPlaceholder("e.g. GitHub Actions");
        name.setMaxLength(100);
        CheckboxGroup<Scope> scopes = new CheckboxGroup<>("Scopes");
        scopes.setId("upload-token-scopes");
        scopes.setItems(Scope.values());
        scopes.setItemLabelGenerator(NewUploadTokenDialog::scopeLabel);
        // CI needs releases only; anything more is a choice, so a leaked CI secret reaches no further by default
        scopes.setValue(Scope.UPLOAD_DEFAULT);
        scopes.addThemeVariants(CheckboxGroupVariant.LUMO_VERTICAL);
        problem.setId("upload-token-problem");
        Button create = new Button("Create", click -> fireEvent(new Create(this, name.getValue(), scopes.getValue())));
        create.setId("create-upload-token");
        create.addThemeVariants(ButtonVariant.PRIMARY);
        name.setWidthFull();
        problem.addClassName("dialog-problem");
        VerticalLayout form = new VerticalLayout(name, scopes, problem);
        form.addClassName("dialog-form");
        add(form);
        getFooter().add(new Button("Cancel", click -> close()), create);
    }

    Registration addCreateListener(ComponentEventListener<Create> listener) {
        return addListener(Create.class, listener);
    }

    void showProblem(String text) {
        problem.setText(text);
    }

    /** Replaces the form with the new token: it is shown only this once. */
    void showToken(String token) {
        removeAll();
        Span value = new Span(token);
        value.setId("upload-token-value");
        value.getStyle().set("font-family", "monospace").set("word-break", "break-all");
        add(new VerticalLayout(new Paragraph("Copy it now: it is shown only this once."), value));
        getFooter().removeAll();
        getFooter().add(new Button("Done", done -> close()));
    }

    private static String scopeLabel(Scope scope) {
        return scope.value() + switch (scope) {
            case PROJECT_RELEASES -> ": releases, deploys, source maps (what CI needs)";
            case PROJECT_READ -> ": read issues, events and settings";
            case PROJECT_WRITE -> ": also triage issues, change alert and in-app rules";
            case PROJECT_ADMIN -> ": everything, including scrubbing, retention, webhooks and keys";
        };
    }

    static class Create extends ComponentEvent<NewUploadTokenDialog> {
        private final String name;
        private final Set<Scope> scopes;

        Create(NewUploadTokenDialog source, String name, Set<Scope> scopes) {
            super(source, false);
            this.name = name;
            this.scopes = Set.copyOf(scopes);
        }

        String name() {
            return name;
        }

        Set<Scope> scopes() {
            return scopes;
        }
    }
}
