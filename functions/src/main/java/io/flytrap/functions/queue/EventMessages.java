package io.flytrap.functions.queue;

import io.flytrap.core.queue.QueuedEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A queued event as the body of one SQS message: JSON with the raw payload in Base64 (SQS bodies must be text),
 * or, for an event too large for a message, a claim check — the key of an S3 object holding the payload.
 */
final class EventMessages {

    static final int VERSION = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EventMessages() {
    }

    static String inline(QueuedEvent event) {
        ObjectNode message = header(event);
        message.put("payload", Base64.getEncoder().encodeToString(event.payload()));
        return message.toString();
    }

    static String claimCheck(QueuedEvent event, String key) {
        ObjectNode message = header(event);
        message.put("claim", key);
        return message.toString();
    }

    private static ObjectNode header(QueuedEvent event) {
        ObjectNode message = JSON.createObjectNode();
        message.put("v", VERSION);
        message.put("projectId", event.projectId());
        message.put("eventId", event.eventId().toString());
        message.put("protocol", event.protocol());
        message.put("receivedAt", event.receivedAt().toString());
        ObjectNode meta = message.putObject("meta");
        event.meta().forEach(meta::put);
        return message;
    }

    /** A decoded message: the event, with its payload still in S3 when {@code claim} is set. */
    record Decoded(QueuedEvent event, String claim) {
    }

    /** @throws IllegalArgumentException for a body that is not one of our messages (it can never succeed) */
    static Decoded decode(String body) {
        JsonNode message;
        try {
            message = JSON.readTree(body);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Flytrap queue message: " + e.getMessage());
        }
        if (message.path("v").asInt() != VERSION || !message.path("eventId").isString()) {
            throw new IllegalArgumentException("not a Flytrap queue message (version " + message.path("v") + ")");
        }
        Map<String, String> meta = new HashMap<>();
        message.path("meta").properties().forEach(entry -> meta.put(entry.getKey(), entry.getValue().asString()));
        String claim = message.path("claim").isString() ? message.path("claim").asString() : null;
        byte[] payload = claim == null ? Base64.getDecoder().decode(message.path("payload").asString()) : new byte[0];
        QueuedEvent event = new QueuedEvent(message.path("projectId").asLong(), UUID.fromString(message.path("eventId").asString()),
                message.path("protocol").asString(), payload, meta, Instant.parse(message.path("receivedAt").asString()));
        return new Decoded(event, claim);
    }
}
