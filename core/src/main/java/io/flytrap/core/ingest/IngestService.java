package io.flytrap.core.ingest;

import io.flytrap.core.event.Event;
import io.flytrap.core.ingest.IngestResult.Accepted;
import io.flytrap.core.ingest.IngestResult.Reason;
import io.flytrap.core.ingest.IngestResult.Rejected;
import io.flytrap.core.projects.ActiveKey;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.InvalidPayloadException;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.EventQueue;
import io.flytrap.core.queue.QueueUnavailableException;
import io.flytrap.core.queue.QueuedEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The ingest path: check the key before reading the body, bound the body, validate it, enqueue it raw and answer.
 * Nothing is stored unless every check passed; the heavy work happens later in the processor.
 */
@Service
@EnableConfigurationProperties(IngestProperties.class)
public class IngestService {

    private final ProjectService projects;
    private final EventQueue queue;
    private final Clock clock;
    private final long maxBodyBytes;
    private final NativePayloadParser nativeParser = new NativePayloadParser();

    public IngestService(ProjectService projects, EventQueue queue, Clock clock, IngestProperties properties) {
        this.projects = projects;
        this.queue = queue;
        this.clock = clock;
        this.maxBodyBytes = properties.maxBodySize().toBytes();
    }

    public IngestResult ingest(IngestRequest request) {
        Optional<ActiveKey> key = projects.findActiveKey(request.apiKey());
        if (key.isEmpty()) {
            return new Rejected(Reason.UNAUTHORIZED, "missing, unknown or revoked API key");
        }
        if (request.declaredLength() != null && request.declaredLength() > maxBodyBytes) {
            return tooLarge();
        }
        byte[] body;
        try {
            body = request.body().readNBytes((int) Math.min(maxBodyBytes + 1, Integer.MAX_VALUE - 8));
        } catch (IOException unreadable) {
            return new Rejected(Reason.INVALID, "body could not be read: " + unreadable.getMessage());
        }
        if (body.length > maxBodyBytes) {
            return tooLarge();
        }
        Instant receivedAt = clock.instant();
        Event event;
        try {
            event = nativeParser.parse(request.protocol(), body, UUID.randomUUID(), receivedAt);
        } catch (InvalidPayloadException invalid) {
            return new Rejected(Reason.INVALID, invalid.getMessage());
        }
        if (event.projectId() != key.get().projectId()) {
            // The original Flytrap accepted any valid key for any project; a key only ever speaks for its own.
            return new Rejected(Reason.UNAUTHORIZED, "this API key does not belong to project " + event.projectId());
        }
        try {
            queue.enqueue(new QueuedEvent(event.projectId(), event.eventId(), request.protocol(), body, request.meta(), receivedAt));
        } catch (QueueUnavailableException busy) {
            return new Rejected(Reason.UNAVAILABLE, "the event queue is unavailable, retry later");
        }
        return new Accepted(event.eventId());
    }

    private Rejected tooLarge() {
        return new Rejected(Reason.TOO_LARGE, "body exceeds the limit of " + maxBodyBytes + " bytes");
    }
}
