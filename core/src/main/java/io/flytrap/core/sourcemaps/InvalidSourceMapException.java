package io.flytrap.core.sourcemaps;

/** The bytes are not a source map Flytrap can use; the frame it was meant for stays as it was. */
public class InvalidSourceMapException extends Exception {

    public InvalidSourceMapException(String message) {
        super(message);
    }

    public InvalidSourceMapException(String message, Throwable cause) {
        super(message, cause);
    }
}
