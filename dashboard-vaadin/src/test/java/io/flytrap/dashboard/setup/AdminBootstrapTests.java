package io.flytrap.dashboard.setup;

import io.flytrap.core.urls.UrlProperties;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AdminBootstrap made by hand, against the application's services. Nothing here enqueues events, so the queue worker
 * does not matter: the plain configuration, shared with the view tests' cached context, rather than a context of its own.
 */
@SpringBootTest(classes = FlytrapApplication.class)
@UsesTestDatabase
class AdminBootstrapTests {

    static final String TOKEN = "tok_" + "0123456789abcdef".repeat(3);

    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    SetupToken setupToken;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void freshInstall() {
        jdbc.sql("delete from users where role = 'admin'").update();
    }

    private AdminBootstrap bootstrap(String email, String password, String token) {
        return new AdminBootstrap(users, tokens, new AdminProperties(email, password, token), setupToken, transactions,
                new UrlProperties("http://localhost:8080", ""));
    }

    private long admins() {
        return jdbc.sql("select count(*) from users where role = 'admin'").query(Long.class).single();
    }

    @Test
    void shouldCreateTheFirstAdminAndTheirTokenFromConfiguration() {
        String email = "root-" + UUID.randomUUID() + "@example.com";

        bootstrap(email, "a long admin password", TOKEN).run(null);

        assertThat(users.authenticate(email, "a long admin password")).get()
                .satisfies(admin -> assertThat(admin.role()).isEqualTo(Role.ADMIN));
        assertThat(tokens.authenticate(TOKEN)).get().satisfies(owner -> assertThat(owner.user().email()).isEqualTo(email));
    }

    @Test
    void shouldNotCreateASecondAdminOnTheNextStart() {
        bootstrap("first-" + UUID.randomUUID() + "@example.com", "a long admin password", null).run(null);

        bootstrap("second-" + UUID.randomUUID() + "@example.com", "another long password", null).run(null);

        assertThat(admins()).isEqualTo(1);
    }

    @Test
    void shouldStopStartUpOnAShortPasswordOrTokenAndCreateNothing() {
        assertThatThrownBy(() -> bootstrap("a-" + UUID.randomUUID() + "@example.com", "short", null).run(null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FLYTRAP_ADMIN_");
        assertThatThrownBy(() -> bootstrap("b-" + UUID.randomUUID() + "@example.com", "a long admin password", "tooshort").run(null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("API token");

        assertThat(admins()).as("the admin of the failed token was rolled back too").isZero();
    }

    @Test
    void shouldCreateNobodyWithoutConfiguration() {
        bootstrap(null, null, null).run(null);
        bootstrap("", "", "").run(null);

        assertThat(admins()).isZero();
    }
}
