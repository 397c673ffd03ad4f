package io.flytrap.core.users;

/**
 * Too many wrong passwords for this e-mail address or from this client address: the password is not even checked
 * until the pause is over. Alike for existing and unknown e-mails, so it reveals nothing about accounts.
 */
public class SignInThrottledException extends RuntimeException {

    public SignInThrottledException() {
        super("Too many failed sign-ins: wait a few minutes and try again");
    }
}
