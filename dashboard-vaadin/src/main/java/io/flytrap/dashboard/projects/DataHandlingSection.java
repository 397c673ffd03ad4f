package io.flytrap.dashboard.projects;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import io.flytrap.core.access.Caller;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.projects.ProjectSettings;

/** What the server does with a project's events: scrubbing secrets and client addresses, and how long to keep them. */
class DataHandlingSection extends Composite<VerticalLayout> {

    DataHandlingSection(ProjectService projects, Caller caller, long projectId) {
        ProjectSettings current = projects.settings(caller, projectId);
        Checkbox scrub = new Checkbox("Scrub secrets on the server (passwords, tokens, card numbers, cookies…)", current.scrubData());
        scrub.setId("scrub-data");
        Checkbox scrubIps = new Checkbox("Remove client IP addresses", current.scrubIpAddresses());
        scrubIps.setId("scrub-ips");
        IntegerField retention = new IntegerField("Keep events for (days)");
        retention.setId("retention-days");
        retention.setMin(ProjectSettings.MIN_RETENTION_DAYS);
        retention.setMax(ProjectSettings.MAX_RETENTION_DAYS);
        retention.setValue(current.retentionDays());
        retention.setHelperText("Issues and their counts stay; older events are deleted");
        Button save = new Button("Save", click -> {
            try {
                // an emptied field is sent as -1, which the service refuses with its own message
                projects.updateSettings(caller, projectId, new ProjectSettings(scrub.getValue(), scrubIps.getValue(),
                        retention.getValue() == null ? -1 : retention.getValue()));
                Notification.show("Saved", 2000, Notification.Position.BOTTOM_START);
            } catch (IllegalArgumentException invalid) {
                Notification.show(invalid.getMessage(), 4000, Notification.Position.BOTTOM_START);
            }
        });
        save.setId("save-data-settings");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        getContent().add(new H3("Data handling"), scrub, scrubIps, retention, save);
        getContent().setPadding(false);
    }
}
