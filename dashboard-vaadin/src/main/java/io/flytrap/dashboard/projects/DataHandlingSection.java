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
        retention.setWidthFull();
        retention.setMaxWidth("24em");
        // checked here, in words, before anything is saved: left to itself the field turned red without saying why
        // and the Save still went out with 5000 (issue #22)
        retention.setManualValidation(true);
        retention.addValueChangeListener(change -> checkRetention(retention));
        Button save = new Button("Save", click -> {
            if (!checkRetention(retention)) {
                retention.focus();
                return;
            }
            try {
                projects.updateSettings(caller, projectId, new ProjectSettings(scrub.getValue(), scrubIps.getValue(),
                        retention.getValue()));
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

    /** A whole number of days within the limits; an empty field, or one the browser could not read, is not. */
    private static boolean checkRetention(IntegerField retention) {
        Integer days = retention.getValue();
        boolean valid = days != null && days >= ProjectSettings.MIN_RETENTION_DAYS && days <= ProjectSettings.MAX_RETENTION_DAYS;
        retention.setErrorMessage(valid ? null : "Enter a number of days from " + ProjectSettings.MIN_RETENTION_DAYS
                + " to " + ProjectSettings.MAX_RETENTION_DAYS + " (about ten years).");
        retention.setInvalid(!valid);
        return valid;
    }
}
