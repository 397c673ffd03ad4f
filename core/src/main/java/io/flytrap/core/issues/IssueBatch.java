package io.flytrap.core.issues;

import io.flytrap.core.event.Event;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A batch's occurrences of one issue, summed up as the issue's row takes them: first and last seen are the events'
 * own times (already kept within a minute ahead of and 30 days before arrival, see the protocol's WireTimes), as in
 * Sentry, so a queue flushed days late files its events when they happened; ignores end and regressions are dated
 * by arrival, the moment Flytrap learnt of the event.
 */
record IssueBatch(IssueKey key, List<IssueOccurrence> occurrences, IssueOccurrence earliest, IssueOccurrence latest,
                  Instant arrived) {

    static IssueBatch of(IssueKey key, List<IssueOccurrence> occurrences) {
        return new IssueBatch(key, occurrences,
                occurrences.stream().min(Comparator.comparing(o -> o.event().occurredAt())).orElseThrow(),
                occurrences.stream().max(Comparator.comparing(o -> o.event().occurredAt())).orElseThrow(),
                occurrences.stream().map(o -> o.event().receivedAt()).max(Comparator.naturalOrder()).orElseThrow());
    }

    /** As a JSON array: the regression check reads it with jsonb_array_elements_text. */
    String releasesJson(JsonMapper json) {
        return json.writeValueAsString(occurrences.stream().map(o -> o.event().release()).filter(Objects::nonNull)
                .distinct().toList());
    }

    boolean unhandled() {
        return occurrences.stream().anyMatch(o -> !o.event().handled());
    }

    String message() {
        String message = latest.event().message();
        return message == null ? null : message.substring(0, Math.min(message.length(), IssueRecorder.MAX_MESSAGE));
    }

    Timestamp firstSeen() {
        return Timestamp.from(earliest.event().occurredAt());
    }

    Timestamp lastSeen() {
        return Timestamp.from(latest.event().occurredAt());
    }

    List<Event> events() {
        return occurrences.stream().map(IssueOccurrence::event).toList();
    }
}
