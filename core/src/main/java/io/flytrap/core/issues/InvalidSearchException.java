package io.flytrap.core.issues;

/**
 * An issue search that cannot be read: the message says what is wrong and where, for the user to fix. An
 * IllegalArgumentException, so the API answers it with 400 like any other bad parameter.
 */
public class InvalidSearchException extends IllegalArgumentException {

    public InvalidSearchException(String message) {
        super(message);
    }
}
