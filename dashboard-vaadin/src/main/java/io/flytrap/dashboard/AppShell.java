package io.flytrap.dashboard;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;

/** Server push for the whole app: new issues appear in open issue lists without a reload. */
@Push
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet("styles/flytrap.css")
public class AppShell implements AppShellConfigurator {

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.addMetaTag("referrer", "same-origin");
    }
}
