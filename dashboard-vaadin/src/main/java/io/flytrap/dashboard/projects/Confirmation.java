package io.flytrap.dashboard.projects;

import com.vaadin.flow.component.confirmdialog.ConfirmDialog;

/** The settings page's one way to ask before a change that cannot be taken back (revoke, delete, remove). */
final class Confirmation {

    private Confirmation() {
    }

    static void ask(String header, String text, String action, Runnable onConfirm) {
        ConfirmDialog dialog = new ConfirmDialog(header, text, action, confirmed -> onConfirm.run());
        dialog.setId("confirm");
        dialog.setCancelable(true);
        dialog.setConfirmButtonTheme("error primary");
        dialog.open();
    }
}
