package io.flytrap.dashboard.projects;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import io.flytrap.core.access.Scope;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.ApiTokenService;
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

import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The settings page's new upload token, without a browser: releases only unless the member picks more scopes. */
@SpringBootTest(classes = FlytrapApplication.class)
@UsesTestDatabase
class UploadTokenScopesViewTests extends SpringBrowserlessTest {

    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;
    @Autowired
    ApiTokenService tokens;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private Set<Scope> createToken(String name, String... extraScopes) {
        test($(Button.class).withId("new-upload-token").single()).click();
        test($(TextField.class).withId("upload-token-name").single()).setValue(name);
        CheckboxGroup<Scope> scopes = $(CheckboxGroup.class).withId("upload-token-scopes").single();
        assertThat(scopes.getValue()).as("the default").containsExactly(Scope.PROJECT_RELEASES);
        for (String scope : extraScopes) {
            test(scopes).selectItem(scope);
        }
        test($(Button.class).withId("create-upload-token").single()).click();
        String token = $(Span.class).withId("upload-token-value").single().getText();
        $(Dialog.class).all().forEach(Dialog::close);
        return tokens.authenticate(token).orElseThrow().scopes();
    }

    @Test
    void shouldMakeReleasesOnlyTokensUnlessTheMemberPicksMoreScopes() {
        User owner = users.create("scopes-view-" + UUID.randomUUID() + "@example.com", "a long test password", Role.MEMBER);
        long projectId = projects.create(owner.asCaller(), "Scoped service", "javascript").project().id();
        FlytrapPrincipal principal = new FlytrapPrincipal(owner, null);
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
        navigate("projects/" + projectId + "/settings", ProjectSettingsView.class);

        assertThat(createToken("CI")).containsExactly(Scope.PROJECT_RELEASES);
        assertThat(createToken("reporting", "project:read: read issues, events and settings"))
                .containsExactlyInAnyOrder(Scope.PROJECT_RELEASES, Scope.PROJECT_READ);
    }
}
