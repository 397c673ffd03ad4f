package io.flytrap.dashboard.layout;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.annotation.security.PermitAll;

/**
 * The frame around every signed-in view: navigation built from the views' @Menu entries, the colour scheme switch,
 * and sign-out.
 */
@Layout
@PermitAll
public class MainLayout extends AppLayout {

    MainLayout(AuthenticationContext authentication) {
        Span brand = new Span("Flytrap");
        brand.getStyle().set("font-weight", "600").set("font-size", "var(--lumo-font-size-l)");
        String email = authentication.getAuthenticatedUser(FlytrapPrincipal.class)
                .map(FlytrapPrincipal::getUsername).orElse("");
        Button signOut = new Button("Sign out", click -> authentication.logout());
        signOut.addThemeVariants(ButtonVariant.TERTIARY);
        signOut.setId("sign-out");
        Span signedIn = new Span(email);
        signedIn.addClassName("signed-in-as");
        HorizontalLayout bar = new HorizontalLayout(brand, signedIn, new ColorSchemeSwitch(), signOut);
        bar.setAlignItems(HorizontalLayout.Alignment.CENTER);
        // the rest of the navbar beside the drawer toggle, not 100% of it (that was 9 px too wide on a phone)
        bar.getStyle().set("flex", "1").set("min-width", "0");
        bar.expand(brand);
        bar.getStyle().set("padding-right", "var(--lumo-space-m)");
        addToNavbar(new DrawerToggle(), bar);

        SideNav nav = new SideNav();
        MenuConfiguration.getMenuEntries().forEach(entry -> nav.addItem(new SideNavItem(entry.title(), entry.path())));
        addToDrawer(nav);
    }
}
