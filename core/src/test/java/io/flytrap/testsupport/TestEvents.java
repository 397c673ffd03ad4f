package io.flytrap.testsupport;

import io.flytrap.core.process.BatchItem;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.QueuedEvent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Puts native events through the real processor, as the queue worker would, without HTTP or the queue. */
public final class TestEvents {

    private TestEvents() {
    }

    /** Processes one native-protocol body ({"data": {...}}) received at the given time. */
    public static void process(EventProcessor processor, long projectId, String nativeBody, Instant receivedAt) {
        process(processor, projectId, UUID.randomUUID(), nativeBody, receivedAt);
    }

    public static void process(EventProcessor processor, long projectId, UUID eventId, String nativeBody, Instant receivedAt) {
        processor.process(List.of(new BatchItem("m", new QueuedEvent(projectId, eventId, NativePayloadParser.ERROR_PROTOCOL,
                nativeBody.getBytes(StandardCharsets.UTF_8), Map.of(), receivedAt))));
    }
}
