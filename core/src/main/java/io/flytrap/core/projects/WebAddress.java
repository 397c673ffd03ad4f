package io.flytrap.core.projects;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The one check for addresses people click in Flytrap that lead elsewhere (tracker templates, linked tracker
 * issues): absolute http or https with a host, nothing else, so a stored link can never be {@code javascript:},
 * {@code data:} or a relative path into Flytrap itself.
 */
public final class WebAddress {

    public static final int MAX_LENGTH = 2000;

    private WebAddress() {
    }

    /** The address, stripped; an {@link IllegalArgumentException} saying why, naming it as {@code what}. */
    public static String require(String address, String what) {
        String value = address == null ? "" : address.strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("Enter the " + what + ".");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("The " + what + " must be at most " + MAX_LENGTH + " characters.");
        }
        if (value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("The " + what + " must not contain spaces or control characters.");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The " + what + " is not a valid address: " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("The " + what + " must start with http:// or https://.");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("The " + what + " must name a host, such as https://github.com/….");
        }
        return value;
    }
}
