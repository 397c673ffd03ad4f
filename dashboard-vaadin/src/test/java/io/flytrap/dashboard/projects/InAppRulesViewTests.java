package io.flytrap.dashboard.projects;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.textfield.TextArea;
import io.flytrap.core.grouping.InAppRules;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.User;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings page's in-app rules, without a browser: shown as saved, one rule per line, saved through the service. */
@SpringBootTest(classes = FlytrapApplication.class)
@UsesTestDatabase
class InAppRulesViewTests extends SpringBrowserlessTest {

    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void shouldShowAndSaveTheProjectsInAppRules() {
        User owner = users.create("in-app-" + UUID.randomUUID() + "@example.com", "a long test password", Role.MEMBER);
        long projectId = projects.create(owner.asCaller(), "Service", "java").project().id();
        projects.updateInAppRules(owner.asCaller(), projectId, new InAppRules(List.of("com.example.shop."), List.of()));
        FlytrapPrincipal principal = new FlytrapPrincipal(owner, null);
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));

        navigate("projects/" + projectId + "/settings", ProjectSettingsView.class);
        TextArea include = $(TextArea.class).withId("in-app-include").single();
        assertThat(include.getValue()).isEqualTo("com.example.shop.");
        test(include).setValue("com.example.shop.\n\ncom.example.billing.");
        test($(TextArea.class).withId("in-app-exclude").single()).setValue("com.example.shop.generated.");
        test($(Button.class).withId("save-in-app-rules").single()).click();

        assertThat(projects.inAppRules(owner.asCaller(), projectId)).isEqualTo(new InAppRules(
                List.of("com.example.shop.", "com.example.billing."), List.of("com.example.shop.generated.")));
    }
}
