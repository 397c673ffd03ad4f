package io.flytrap.core.sourcemaps;

/** An account already has as many unassembled upload chunks waiting as it may; answered with 429, nothing stored. */
public class UploadQuotaExceededException extends RuntimeException {

    public UploadQuotaExceededException(long limit) {
        super("more than " + limit + " bytes of unassembled chunks are waiting for this account; assemble them or "
                + "wait until they expire (a day after upload)");
    }
}
