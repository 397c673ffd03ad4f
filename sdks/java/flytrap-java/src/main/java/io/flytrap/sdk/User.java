package io.flytrap.sdk;

/**
 * Who was affected. Any part may be null. Set by the app ({@link Flytrap#setUser}); integrations only add the
 * request's principal when the app allowed personal data ({@link FlytrapOptions#setSendDefaultPii}).
 */
public record User(String id, String email, String username, String ipAddress) {

    public static User ofId(String id) {
        return new User(id, null, null, null);
    }

    public static User ofUsername(String username) {
        return new User(null, null, username, null);
    }
}
