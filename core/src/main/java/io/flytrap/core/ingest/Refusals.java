package io.flytrap.core.ingest;

import io.flytrap.core.ingest.IngestResult.Reason;
import io.flytrap.core.ingest.IngestResult.Rejected;
import io.flytrap.core.protocol.PayloadTooLargeException;

import java.io.EOFException;
import java.io.IOException;
import java.util.zip.ZipException;

/** The refusals ingest answers with, worded once. */
final class Refusals {

    private Refusals() {
    }

    static Rejected tooLarge(String what, long limit) {
        return new Rejected(Reason.TOO_LARGE, what + " exceeds the limit of " + limit + " bytes");
    }

    static Rejected unknownKey() {
        return new Rejected(Reason.UNAUTHORIZED, "missing, unknown or revoked key");
    }

    static Rejected wrongProject(long projectId) {
        return new Rejected(Reason.WRONG_PROJECT, "this key does not belong to project " + projectId);
    }

    static Rejected unreadable(IOException e) {
        if (e instanceof PayloadTooLargeException tooLarge) {
            return new Rejected(Reason.TOO_LARGE, tooLarge.getMessage());
        }
        if (e instanceof ZipException || e instanceof EOFException) {
            return new Rejected(Reason.INVALID, "body is not validly compressed: " + e.getMessage());
        }
        return new Rejected(Reason.INVALID, "body could not be read: " + e.getMessage());
    }
}
