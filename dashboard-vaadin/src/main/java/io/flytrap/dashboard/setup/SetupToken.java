package io.flytrap.dashboard.setup;

import io.flytrap.core.access.Tokens;
import org.springframework.stereotype.Component;

/**
 * A one-time secret for the first-run form, printed to the log at start-up. Whoever can read the server's log
 * may create the first administrator; someone who merely reaches the port first cannot.
 */
@Component
public class SetupToken {

    private final String value = Tokens.randomUrlSafe(24);

    String value() {
        return value;
    }

    boolean matches(String candidate) {
        return candidate != null && Tokens.constantTimeEquals(value, candidate);
    }
}
