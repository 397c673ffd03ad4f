package io.flytrap.dashboard.projects;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.shared.Registration;

/** Asks for a new client key's label and optional rate limit; its owner creates the key and reports refusals. */
class NewKeyDialog extends Dialog {

    private final TextField label = new TextField("Label");
    private final Paragraph problem = new Paragraph();

    NewKeyDialog() {
        setHeaderTitle("New client key");
        label.setId("key-label");
        label.setMaxLength(100);
        label.setPlaceholder("e.g. Web frontend");
        IntegerField limit = new IntegerField("Events per minute (optional)");
        limit.setId("key-rate-limit");
        limit.setMin(1);
        limit.setHelperText("Empty: the project's default limit");
        limit.setI18n(new IntegerField.IntegerFieldI18n()
                .setMinErrorMessage("Allow at least 1 event per minute, or leave it empty for the default.")
                .setBadInputErrorMessage("Enter a whole number of events per minute, e.g. 600."));
        label.setWidthFull();
        limit.setWidthFull();
        problem.addClassName("dialog-problem");
        Button save = new Button("Create", click -> fireEvent(new Create(this, label.getValue(), limit.getValue())));
        save.setId("create-key");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        VerticalLayout form = new VerticalLayout(label, limit, problem);
        form.addClassName("dialog-form");
        add(form);
        getFooter().add(new Button("Cancel", click -> close()), save);
    }

    @Override
    public void open() {
        super.open();
        label.focus();
    }

    Registration addCreateListener(ComponentEventListener<Create> listener) {
        return addListener(Create.class, listener);
    }

    void showProblem(String text) {
        problem.setText(text);
    }

    static class Create extends ComponentEvent<NewKeyDialog> {
        private final String label;
        private final Integer rateLimitPerMinute;

        Create(NewKeyDialog source, String label, Integer rateLimitPerMinute) {
            super(source, false);
            this.label = label;
            this.rateLimitPerMinute = rateLimitPerMinute;
        }

        String label() {
            return label;
        }

        /** Null: the project's default. */
        Integer rateLimitPerMinute() {
            return rateLimitPerMinute;
        }
    }
}
