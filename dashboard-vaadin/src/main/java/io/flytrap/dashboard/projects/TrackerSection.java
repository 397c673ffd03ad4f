package io.flytrap.dashboard.projects;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import io.flytrap.core.access.Caller;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.projects.TrackerTemplate;

/**
 * Where the issue page's "Create in tracker" leads: a URL template with placeholders. Members see it; only
 * administrators change it (the core service checks that again).
 */
class TrackerSection extends Composite<VerticalLayout> {

    TrackerSection(ProjectService projects, Caller caller, long projectId) {
        TextField template = new TextField("Issue tracker URL template");
        template.setId("tracker-template");
        template.setWidthFull();
        template.setValue(projects.trackerTemplate(caller, projectId).map(TrackerTemplate::template).orElse(""));
        template.setPlaceholder("https://github.com/acme/shop/issues/new?title={title}&body={url}");
        template.setHelperText("Placeholders: {title}, {url} (the issue in Flytrap), {culprit}, {id}, {project}; each is "
                + "URL-encoded. Leave empty for no \"Create in tracker\" link. Examples for GitHub, GitLab and Jira: "
                + "README, \"Assignees and issue trackers\".");
        getContent().add(new H3("Issue tracker"), template);
        if (caller.admin()) {
            Button save = new Button("Save", click -> {
                try {
                    projects.updateTrackerTemplate(caller, projectId, template.getValue());
                    template.setInvalid(false);
                    Notification.show("Saved", 2000, Notification.Position.BOTTOM_START);
                } catch (IllegalArgumentException invalid) {
                    template.setErrorMessage(invalid.getMessage());
                    template.setInvalid(true);
                }
            });
            save.setId("save-tracker-template");
            save.addThemeVariants(ButtonVariant.PRIMARY);
            getContent().add(save);
        } else {
            template.setReadOnly(true);
        }
        getContent().setPadding(false);
    }
}
