package io.flytrap.core.access;

/**
 * The caller may see the thing but not do this to it (a member asking for an administrator's action). Only
 * thrown after access was granted, so it never reveals that something exists.
 */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
