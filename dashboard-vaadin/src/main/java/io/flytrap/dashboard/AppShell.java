package io.flytrap.dashboard;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.ColorScheme;
import com.vaadin.flow.component.page.Inline;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;
import io.flytrap.dashboard.layout.ColorSchemeSwitch;

import java.util.Map;

/**
 * Every page of the dashboard: server push (new issues appear in open issue lists without a reload), Lumo in the
 * system's light or dark scheme unless the user chose one (see ColorSchemeSwitch), and the favicon.
 */
@Push
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet("styles/flytrap.css")
@ColorScheme(ColorScheme.Value.LIGHT_DARK)
public class AppShell implements AppShellConfigurator {

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.addMetaTag("referrer", "same-origin");
        settings.addLink("icons/flytrap.svg", Map.of("rel", "icon", "type", "image/svg+xml"));
        // before the first paint, so a user who chose dark never sees a light flash
        settings.addInlineWithContents(Inline.Position.PREPEND, ColorSchemeSwitch.APPLY_STORED_CHOICE,
                Inline.Wrapping.JAVASCRIPT);
    }
}
