package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.shared.Registration;

import java.util.List;

/**
 * Asks for the release an issue is fixed in: the current release (the project's release first seen last, the
 * default), the next release after it (as Sentry means it: the current release's events leave the issue resolved,
 * any newer release's reopen it), or another release, which need not have been seen yet. Without a current release
 * only the last is offered. The dialog only asks; its owner resolves the issue and reports a refusal with
 * showProblem.
 */
class ResolveInReleaseDialog extends Dialog {

    enum Choice { CURRENT, NEXT, OTHER }

    private final RadioButtonGroup<Choice> when = new RadioButtonGroup<>();
    private final ComboBox<String> release = new ComboBox<>("Release");
    private final Paragraph problem = new Paragraph();

    /** @param current the project's current release, or null when it has none */
    ResolveInReleaseDialog(List<String> knownReleases, String current) {
        setHeaderTitle("Resolve in release");
        when.setId("resolve-when");
        when.setItems(current == null ? List.of(Choice.OTHER) : List.of(Choice.values()));
        when.setItemLabelGenerator(choice -> switch (choice) {
            case CURRENT -> "The current release, " + current;
            case NEXT -> "The next release, after " + current;
            case OTHER -> "Another release";
        });
        release.setId("release-choice");
        release.setItems(knownReleases);
        release.setAllowCustomValue(true);
        release.addCustomValueSetListener(custom -> release.setValue(custom.getDetail()));
        release.setValue(current);
        release.setHelperText("Events from older releases leave the issue resolved");
        when.addValueChangeListener(changed -> release.setVisible(changed.getValue() == Choice.OTHER));
        when.setValue(current == null ? Choice.OTHER : Choice.CURRENT);
        Button resolve = new Button("Resolve", click -> confirm(current));
        resolve.setId("confirm-resolve-in-release");
        resolve.addThemeVariants(ButtonVariant.PRIMARY);
        add(new VerticalLayout(when, release, problem));
        getFooter().add(new Button("Cancel", click -> close()), resolve);
    }

    private void confirm(String current) {
        switch (when.getValue()) {
            case CURRENT -> fireEvent(new Resolve(this, current, false));
            case NEXT -> fireEvent(new Resolve(this, null, true));
            case null, default -> {
                if (release.getValue() == null || release.getValue().isBlank()) {
                    showProblem("Choose or type a release");
                    return;
                }
                fireEvent(new Resolve(this, release.getValue(), false));
            }
        }
    }

    Registration addResolveListener(ComponentEventListener<Resolve> listener) {
        return addListener(Resolve.class, listener);
    }

    void showProblem(String text) {
        problem.setText(text);
    }

    /** Resolve in {@code release}, or, with {@code nextRelease}, in the release after the current one. */
    static class Resolve extends ComponentEvent<ResolveInReleaseDialog> {
        private final String release;
        private final boolean nextRelease;

        Resolve(ResolveInReleaseDialog source, String release, boolean nextRelease) {
            super(source, false);
            this.release = release;
            this.nextRelease = nextRelease;
        }

        String release() {
            return release;
        }

        boolean nextRelease() {
            return nextRelease;
        }
    }
}
