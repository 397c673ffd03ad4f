package io.flytrap.core.protocol;

import java.io.IOException;

/** Thrown while reading, as soon as a body or its decompressed form passes its limit (HTTP 413). */
public class PayloadTooLargeException extends IOException {

    public PayloadTooLargeException(String message) {
        super(message);
    }
}
