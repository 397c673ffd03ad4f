package io.flytrap.dashboard.projects;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import io.flytrap.core.access.Caller;
import io.flytrap.core.grouping.InAppRules;
import io.flytrap.core.projects.ProjectService;

/** Which frames are the project's own code, for grouping and for which frames open with their source. */
class InAppRulesSection extends Composite<VerticalLayout> {

    InAppRulesSection(ProjectService projects, Caller caller, long projectId) {
        InAppRules current = projects.inAppRules(caller, projectId);
        TextArea include = new TextArea("Our code (one module prefix or path piece per line)");
        include.setId("in-app-include");
        include.setValue(String.join("\n", current.include()));
        include.setPlaceholder("com.example.shop.\nsrc/");
        TextArea exclude = new TextArea("Not our code");
        exclude.setId("in-app-exclude");
        exclude.setValue(String.join("\n", current.exclude()));
        exclude.setHelperText("For frames whose SDK did not say. Libraries, the JDK, node_modules and site-packages are "
                + "never our code unless listed above. Applies to events received from now on.");
        Button save = new Button("Save", click -> {
            try {
                projects.updateInAppRules(caller, projectId,
                        new InAppRules(InAppRules.lines(include.getValue()), InAppRules.lines(exclude.getValue())));
                Notification.show("Saved", 2000, Notification.Position.BOTTOM_START);
            } catch (IllegalArgumentException invalid) {
                Notification.show(invalid.getMessage(), 4000, Notification.Position.BOTTOM_START);
            }
        });
        save.setId("save-in-app-rules");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        getContent().add(new H3("Application code (grouping)"), include, exclude, save);
        getContent().setPadding(false);
    }
}
