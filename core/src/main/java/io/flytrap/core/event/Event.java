package io.flytrap.core.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one internal event record. Every ingest protocol is parsed into this; everything after ingest sees only it.
 *
 * @param exceptions the exception chain, oldest cause first and the exception that was caught last
 * @param message    a log message for events without an exception (and for rejections with a non-Error reason)
 */
public record Event(UUID eventId, long projectId, Instant occurredAt, Instant receivedAt, Level level,
                    boolean handled, String platform, List<ExceptionInfo> exceptions, String message,
                    String release, String environment, RequestInfo request, ClientInfo client,
                    Map<String, String> tags) {

    public Event {
        exceptions = exceptions == null ? List.of() : List.copyOf(exceptions);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** The exception that reached the handler: the last of the chain. */
    public ExceptionInfo primaryException() {
        return exceptions.isEmpty() ? null : exceptions.getLast();
    }
}
