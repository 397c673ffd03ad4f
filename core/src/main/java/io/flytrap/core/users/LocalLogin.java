package io.flytrap.core.users;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whose password may still be used: everyone's, or with local login off only the break-glass administrator's — the
 * way back in when the identity provider is down or misconfigured. Without a named break-glass e-mail it is the
 * first administrator (lowest id) still active as an administrator.
 */
@Component
public class LocalLogin {

    private final SignInProperties settings;
    private final JdbcClient jdbc;

    LocalLogin(SignInProperties settings, JdbcClient jdbc) {
        this.settings = settings;
        this.jdbc = jdbc;
    }

    /** Whether the sign-in form is for everyone (true) or for the break-glass administrator alone. */
    public boolean enabled() {
        return settings.localLogin();
    }

    boolean allows(String email) {
        if (settings.localLogin()) {
            return true;
        }
        if (email == null || email.isBlank()) {
            return false;
        }
        String breakGlass = settings.breakGlassEmail();
        if (breakGlass != null && !breakGlass.isBlank()) {
            return breakGlass.strip().equalsIgnoreCase(email.strip());
        }
        return jdbc.sql("""
                        select lower(email) = lower(?) from users where role = 'admin' and disabled_at is null
                        order by id limit 1""")
                .param(email.strip()).query(Boolean.class).optional().orElse(false);
    }
}
