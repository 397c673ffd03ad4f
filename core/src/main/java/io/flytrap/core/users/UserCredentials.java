package io.flytrap.core.users;

/** A user with their password hash, for the sign-in check only; never leaves the security layer. */
public record UserCredentials(User user, String passwordHash) {

    @Override
    public String toString() {
        return "UserCredentials[" + user.email() + "]";
    }
}
