package io.flytrap.dashboard;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every route and layout states who may open it; forgetting is a failing test, not an open door. */
class RouteAccessTests {

    private static final List<Class<? extends java.lang.annotation.Annotation>> ACCESS =
            List.of(PermitAll.class, RolesAllowed.class, AnonymousAllowed.class, DenyAll.class);

    @Test
    void shouldDeclareAccessOnEveryRouteAndLayout() {
        List<JavaClass> routes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.flytrap.dashboard").stream()
                .filter(c -> c.isAnnotatedWith(Route.class) || c.isAnnotatedWith(Layout.class)).toList();

        assertThat(routes).as("routes found").hasSizeGreaterThanOrEqualTo(5);
        assertThat(routes).allSatisfy(route -> assertThat(ACCESS.stream().filter(route::isAnnotatedWith))
                .as(route.getName() + " declares exactly one access annotation").hasSize(1));
    }
}
