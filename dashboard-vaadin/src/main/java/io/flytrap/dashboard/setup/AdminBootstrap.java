package io.flytrap.dashboard.setup;

import io.flytrap.core.urls.UrlProperties;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.User;
import io.flytrap.core.users.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At start-up, while no administrator exists: create one from configuration, or print the one-time link to the
 * first-run form. A misconfigured admin (short password, short token) stops start-up with a clear message
 * rather than leaving an install half set up.
 */
@Component
@EnableConfigurationProperties(AdminProperties.class)
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final UserService users;
    private final ApiTokenService tokens;
    private final AdminProperties admin;
    private final SetupToken setupToken;
    private final TransactionTemplate transactions;
    private final String publicUrl;

    AdminBootstrap(UserService users, ApiTokenService tokens, AdminProperties admin, SetupToken setupToken,
                   TransactionTemplate transactions, UrlProperties urls) {
        this.users = users;
        this.tokens = tokens;
        this.admin = admin;
        this.setupToken = setupToken;
        this.transactions = transactions;
        this.publicUrl = urls.publicUrl();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (users.adminExists()) {
            return;
        }
        if (!admin.configured()) {
            log.warn("No administrator exists yet. Create one at {}/setup?token={} (this link changes at every start "
                    + "and stops working once an administrator exists), or set FLYTRAP_ADMIN_EMAIL and FLYTRAP_ADMIN_PASSWORD.",
                    publicUrl, setupToken.value());
            return;
        }
        try {
            transactions.executeWithoutResult(status -> {
                User created = users.create(admin.email(), admin.password(), Role.ADMIN);
                if (admin.token() != null && !admin.token().isBlank()) {
                    tokens.issueWithValue(created.id(), "FLYTRAP_ADMIN_TOKEN", admin.token());
                }
            });
            log.info("Created the first administrator {} from configuration", admin.email());
        } catch (IllegalArgumentException invalid) {
            if (users.adminExists()) {
                return; // another replica created it at the same moment
            }
            throw new IllegalStateException("FLYTRAP_ADMIN_* settings are invalid: " + invalid.getMessage(), invalid);
        }
    }
}
