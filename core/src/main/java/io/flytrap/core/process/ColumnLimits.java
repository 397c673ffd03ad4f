package io.flytrap.core.process;

import io.flytrap.core.event.Event;

import java.time.Instant;
import java.util.Optional;

/**
 * Values an event can hold in Java that PostgreSQL refuses in the events table, found before the batch transaction.
 * Such an event would fail its whole batch and cost the halving of it (see {@link EventProcessor}); found here,
 * it costs about what a parse error costs. The halving stays the guard for whatever this does not know.
 */
final class ColumnLimits {

    /** timestamptz's range: 4713 BC (year -4712 in ISO numbering) to 294276 AD. */
    private static final Instant EARLIEST = Instant.parse("-4712-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+294276-12-31T23:59:59Z");

    private ColumnLimits() {
    }

    /** Why PostgreSQL would refuse the event, or empty if it would not for any reason known here. */
    static Optional<String> refusal(Event event) {
        Instant occurred = event.occurredAt();
        if (occurred != null && (occurred.isBefore(EARLIEST) || occurred.isAfter(LATEST))) {
            return Optional.of("timestamp " + occurred + " is outside what PostgreSQL can store");
        }
        return Optional.empty();
    }
}
