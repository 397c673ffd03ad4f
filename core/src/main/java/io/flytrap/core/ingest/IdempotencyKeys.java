package io.flytrap.core.ingest;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code Idempotency-Key} a native client may send (IETF draft "The Idempotency-Key HTTP Header Field"): any
 * unique text, typically a UUID, the same on every retry of one event. The draft writes it as a structured-field
 * string, {@code "8e03978e-..."}; the quotes are dropped so that the quoted and the bare form name the same event.
 */
final class IdempotencyKeys {

    static final int MAX_LENGTH = 255;
    static final String PROBLEM = "Idempotency-Key must be 1 to " + MAX_LENGTH + " visible ASCII characters";
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]{1," + MAX_LENGTH + "}");

    private IdempotencyKeys() {
    }

    /** The key as it names the event, or empty when it is not a usable key (the request is refused then). */
    static Optional<String> normalise(String header) {
        String key = header.strip();
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1);
        }
        return VISIBLE_ASCII.matcher(key).matches() ? Optional.of(key) : Optional.empty();
    }
}
