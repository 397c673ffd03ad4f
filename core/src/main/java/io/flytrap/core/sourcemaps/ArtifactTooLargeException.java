package io.flytrap.core.sourcemaps;

/** An upload over the configured artifact size limit; answered with 413 and nothing stored. */
public class ArtifactTooLargeException extends RuntimeException {

    public ArtifactTooLargeException(long limit) {
        super("artifact exceeds the limit of " + limit + " bytes");
    }
}
