package io.flytrap.dashboard.setup;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first administrator for unattended installs (FLYTRAP_ADMIN_EMAIL, FLYTRAP_ADMIN_PASSWORD and optionally
 * FLYTRAP_ADMIN_TOKEN). Used only while no administrator exists; there is no default password.
 */
@ConfigurationProperties("flytrap.admin")
public record AdminProperties(String email, String password, String token) {

    boolean configured() {
        return email != null && !email.isBlank();
    }
}
