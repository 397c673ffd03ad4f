package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.shared.Registration;

import java.util.List;

/**
 * Asks for the release an issue is fixed in: events from older releases will not reopen it, and a release not
 * seen yet is fine. The dialog only asks; its owner resolves the issue and reports a refusal with showProblem.
 */
class ResolveInReleaseDialog extends Dialog {

    private final ComboBox<String> release = new ComboBox<>("Release");
    private final Paragraph problem = new Paragraph();

    ResolveInReleaseDialog(List<String> knownReleases, String suggested) {
        setHeaderTitle("Resolve in release");
        release.setId("release-choice");
        release.setItems(knownReleases);
        release.setAllowCustomValue(true);
        release.addCustomValueSetListener(custom -> release.setValue(custom.getDetail()));
        if (suggested != null) {
            release.setValue(suggested);
        }
        release.setHelperText("Events from older releases leave the issue resolved");
        Button resolve = new Button("Resolve", click -> {
            if (release.getValue() == null || release.getValue().isBlank()) {
                showProblem("Choose or type a release");
                return;
            }
            fireEvent(new Resolve(this, release.getValue()));
        });
        resolve.setId("confirm-resolve-in-release");
        resolve.addThemeVariants(ButtonVariant.PRIMARY);
        add(new VerticalLayout(release, problem));
        getFooter().add(new Button("Cancel", click -> close()), resolve);
    }

    Registration addResolveListener(ComponentEventListener<Resolve> listener) {
        return addListener(Resolve.class, listener);
    }

    void showProblem(String text) {
        problem.setText(text);
    }

    static class Resolve extends ComponentEvent<ResolveInReleaseDialog> {
        private final String release;

        Resolve(ResolveInReleaseDialog source, String release) {
            super(source, false);
            this.release = release;
        }

        String release() {
            return release;
        }
    }
}
