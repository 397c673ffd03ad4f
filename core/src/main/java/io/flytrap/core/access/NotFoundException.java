package io.flytrap.core.access;

/**
 * The thing does not exist or the caller may not see it. The two are deliberately indistinguishable, so a
 * member of one project cannot probe which ids exist in another.
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what) {
        super(what + " not found");
    }
}
