package io.flytrap.core.alerts;

/** An alert target Flytrap will not send to, with the reason; at save time a 400, at delivery a permanent failure. */
public class RefusedTargetException extends IllegalArgumentException {

    public RefusedTargetException(String reason) {
        super(reason);
    }
}
