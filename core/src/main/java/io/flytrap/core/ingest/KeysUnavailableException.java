package io.flytrap.core.ingest;

/**
 * The client keys could not be read in time: the database is down or too slow. Not the client's fault, and not
 * an unknown key either: ingest answers "retry later" rather than accepting what it cannot check or refusing a key
 * that may well be valid.
 */
final class KeysUnavailableException extends RuntimeException {

    KeysUnavailableException(String message) {
        super(message, null, false, false); // an expected outcome during an outage: no stack trace to fill
    }
}
