package io.flytrap.core.protocol;

/** The body cannot be accepted; the message names the offending field so the SDK author can fix it. */
public class InvalidPayloadException extends Exception {

    private final String field;

    public InvalidPayloadException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
