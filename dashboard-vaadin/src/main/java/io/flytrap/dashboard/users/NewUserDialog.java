package io.flytrap.dashboard.users;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.users.Role;

/** Asks for a new user's e-mail and role; its owner creates the user and reports refusals with showProblem. */
class NewUserDialog extends Dialog {

    private final EmailField email = new EmailField("E-mail");
    private final Paragraph problem = new Paragraph();

    NewUserDialog() {
        setHeaderTitle("New user");
        email.setId("new-user-email");
        email.setWidthFull();
        email.setI18n(new EmailField.EmailFieldI18n()
                .setPatternErrorMessage("Enter an e-mail address like name@example.com."));
        Select<Role> role = new Select<>();
        role.setLabel("Role");
        role.setItems(Role.values());
        role.setItemLabelGenerator(UsersView::roleLabel);
        role.setValue(Role.MEMBER);
        Button save = new Button("Create", click -> fireEvent(new Create(this, email.getValue(), role.getValue())));
        save.setId("create-user");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        role.setWidthFull();
        problem.addClassName("dialog-problem");
        VerticalLayout form = new VerticalLayout(email, role, problem);
        form.addClassName("dialog-form");
        add(form);
        getFooter().add(new Button("Cancel", click -> close()), save);
    }

    @Override
    public void open() {
        super.open();
        email.focus();
    }

    Registration addCreateListener(ComponentEventListener<Create> listener) {
        return addListener(Create.class, listener);
    }

    void showProblem(String text) {
        problem.setText(text);
    }

    static class Create extends ComponentEvent<NewUserDialog> {
        private final String email;
        private final Role role;

        Create(NewUserDialog source, String email, Role role) {
            super(source, false);
            this.email = email;
            this.role = role;
        }

        String email() {
            return email;
        }

        Role role() {
            return role;
        }
    }
}
