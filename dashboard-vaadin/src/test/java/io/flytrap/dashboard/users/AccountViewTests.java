package io.flytrap.dashboard.users;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.IssuedToken;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.TokenInfo;
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

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The Account page without a browser: the user's personal API tokens are listed, and revoking one stops it. */
@SpringBootTest(classes = FlytrapApplication.class)
@UsesTestDatabase
class AccountViewTests extends SpringBrowserlessTest {

    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void shouldListThePersonalTokensAndRevokeTheOneChosen() {
        User user = users.create("account-" + UUID.randomUUID() + "@example.com", "a long test password", Role.MEMBER);
        IssuedToken laptop = tokens.issue(user.id(), "laptop");
        IssuedToken ci = tokens.issue(user.id(), "old CI job");
        FlytrapPrincipal principal = new FlytrapPrincipal(user, null);
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));

        navigate("account", AccountView.class);
        Grid<TokenInfo> grid = $(Grid.class).withId("personal-tokens").single();
        assertThat(test(grid).size()).isEqualTo(2);
        assertThat(test(grid).getRow(0).name()).as("newest first").isEqualTo("old CI job");

        test((Button) test(grid).getCellComponent(0, 3)).click();

        assertThat(tokens.authenticate(ci.token())).as("revoked").isEmpty();
        assertThat(tokens.authenticate(laptop.token())).as("the other one goes on").isPresent();
        assertThat(test(grid).size()).isEqualTo(1);
        assertThat(test(grid).getRow(0).name()).isEqualTo("laptop");
    }
}
