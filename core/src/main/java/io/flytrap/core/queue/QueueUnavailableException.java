package io.flytrap.core.queue;

/** The queue is full or unreachable; the client should retry later (HTTP 503). */
public class QueueUnavailableException extends RuntimeException {

    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
