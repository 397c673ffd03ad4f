package io.flytrap.dashboard;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.flytrap.core.SqlWrites;
import com.vaadin.flow.component.dialog.Dialog;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Runs here because this module sees every other module's classes. */
class ArchitectureTests {

    private static final JavaClasses FLYTRAP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // the core module's test-jar (shared test fixtures) is not production code either
            .withImportOption(location -> !location.contains("-tests.jar"))
            // nor are the proxies Spring AOT writes into the functions jar (for the Lambda); they call what they wrap
            .withImportOption(location -> !location.contains("$$SpringCGLIB$$"))
            .importPackages("io.flytrap");

    @Test
    void coreShouldNotKnowUiServletAwsOrTheModulesBuiltOnIt() {
        noClasses().that().resideInAPackage("io.flytrap.core..")
                .should().dependOnClassesThat().resideInAnyPackage("com.vaadin..", "jakarta.servlet..",
                        "software.amazon..", "com.amazonaws..", "io.flytrap.functions..", "io.flytrap.dashboard..")
                .check(FLYTRAP);
    }

    @Test
    void domainCodeShouldBeFreeOfFrameworkTypes() {
        noClasses().that().resideInAnyPackage("io.flytrap.core.event..", "io.flytrap.core.stacktrace..",
                        "io.flytrap.core.grouping..", "io.flytrap.core.protocol..", "io.flytrap.core.crypto..",
                        "io.flytrap.core.scrubbing..",
                        "io.flytrap.core.access..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.vaadin..",
                        "jakarta.servlet..", "software.amazon..", "com.amazonaws..")
                .check(FLYTRAP);
    }

    /**
     * Every password check goes through PasswordChecks, so none escapes the sign-in throttle and the audit log
     * (issue #19: the token API once checked passwords on its own, unthrottled and unaudited).
     */
    @Test
    void passwordsShouldBeCheckedOnlyThroughPasswordChecks() {
        noClasses().that().resideOutsideOfPackage("io.flytrap.core.users")
                .should().callMethod(UserService.class, "authenticate", String.class, String.class)
                .orShould().callMethodWhere(JavaCall.Predicates.target(HasName.Predicates.name("matches"))
                        .and(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(
                                JavaClass.Predicates.assignableTo(PasswordEncoder.class)))))
                .check(FLYTRAP);
        noClasses().that().resideInAPackage("io.flytrap.core.users").and().doNotHaveSimpleName("PasswordChecks")
                .and().doNotHaveSimpleName("UserService")
                .should().callMethod(UserService.class, "authenticate", String.class, String.class)
                .check(FLYTRAP);
    }

    @Test
    void functionsShouldNotDependOnTheDashboard() {
        noClasses().that().resideInAPackage("io.flytrap.functions..")
                .should().dependOnClassesThat().resideInAnyPackage("io.flytrap.dashboard..", "com.vaadin..")
                .check(FLYTRAP);
    }

    /**
     * Tables belong to core's features (core's TableOwnershipTests says which); the modules built on core change
     * them only through core's services, never with SQL of their own.
     */
    @Test
    void onlyCoreShouldWriteTables() throws URISyntaxException {
        List<SqlWrites.Write> writes = new ArrayList<>();
        for (Class<?> module : List.of(FlytrapApplication.class, FunctionsApplication.class)) {
            writes.addAll(SqlWrites.in(Path.of(module.getProtectionDomain().getCodeSource().getLocation().toURI())));
        }
        assertThat(writes).isEmpty();
    }

    /** The dashboard reads and changes data through core's services only: no SQL, no JDBC of its own. */
    @Test
    void dashboardShouldNotTalkToTheDatabaseItself() {
        noClasses().that().resideInAPackage("io.flytrap.dashboard..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.springframework.jdbc..",
                        "org.postgresql..")
                .check(FLYTRAP);
    }

    /**
     * One access policy (issue #21): who reaches a project is ProjectAccess's decision, who is an administrator the
     * Caller's; no core service reads Caller.admin() to make a rule of its own.
     */
    @Test
    void onlyTheAccessPolicyShouldDecideOnAdministratorRights() {
        noClasses().that().resideInAPackage("io.flytrap.core..").and().resideOutsideOfPackage("io.flytrap.core.access..")
                .and().doNotHaveSimpleName("ProjectAccess")
                .should().callMethod(io.flytrap.core.access.Caller.class, "admin")
                .check(FLYTRAP);
    }

    /** Dialogs only ask: they fire component events and their owner calls the services (issue #21). */
    @Test
    void dashboardDialogsShouldNotUseServices() {
        noClasses().that().resideInAPackage("io.flytrap.dashboard..").and().areAssignableTo(Dialog.class)
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Service")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Queries")
                .check(FLYTRAP);
    }

    @Test
    void featuresShouldNotDependOnEachOtherInCycles() {
        slices().matching("io.flytrap.(*).(*)..").should().beFreeOfCycles().check(FLYTRAP);
    }
}
