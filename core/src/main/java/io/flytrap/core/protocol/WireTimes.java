package io.flytrap.core.protocol;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The times SDKs send, read fast for the common shape, and when an event is taken to have happened. */
final class WireTimes {

    /** Client clocks run ahead; an event "from the future" is dated when it arrived. */
    static final Duration MAX_CLOCK_AHEAD = Duration.ofMinutes(1);
    /**
     * How far back a client's time is believed, as Sentry's Relay does (max_secs_in_past, 30 days): an older time is a
     * wrong clock or a replayed queue, and would file the event where no chart, "last 24 h" filter or retention
     * looks. Relay then assumes the time the event arrived, and so does Flytrap.
     */
    static final Duration MAX_AGE = Duration.ofDays(30);
    /** timestamptz's first day, 4713 BC (year -4712 in ISO numbering), rounded up to a whole year. */
    static final Instant EARLIEST_STORABLE = Instant.parse("-4712-01-01T00:00:00Z");

    /**
     * When the event happened, for both protocols: the time it was sent, unless that is missing, more than
     * {@link #MAX_CLOCK_AHEAD} ahead of its arrival, more than {@link #MAX_AGE} before it, or before what PostgreSQL's
     * timestamptz can hold; then when it arrived (Relay's max_secs_in_future and max_secs_in_past). Ingest answers 200 after parsing with this, so an accepted event always has a time the store takes
     * (#20 item 5). timestamptz's other end, 294276 AD, is past the clock check.
     */
    static Instant occurredAt(Instant sent, Instant receivedAt) {
        if (sent == null || sent.isBefore(EARLIEST_STORABLE) || sent.isAfter(receivedAt.plus(MAX_CLOCK_AHEAD))
                || sent.isBefore(receivedAt.minus(MAX_AGE))) {
            return receivedAt;
        }
        return sent;
    }

    private WireTimes() {
    }

    /** ISO-8601 with an offset, or without one (taken as UTC); null when the text is neither. */
    static Instant isoInstant(String text) {
        Instant common = utcInstant(text);
        if (common != null) {
            return common;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    /**
     * The shape nearly every SDK sends, "2026-11-26T10:00:00.123Z" (JavaScript's toISOString), read without a
     * DateTimeFormatter: profiling ingest showed the general parser as its most expensive step.
     */
    static Instant utcInstant(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            if (text.charAt(19) != '.' || length - 21 > 9 || length - 21 < 1) {
                return null;
            }
            int fraction = digits(text, 20, length - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * (int) Math.pow(10, 9 - (length - 21));
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException impossibleDate) {
            return null; // e.g. February 30th: let the general parser produce the error
        }
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
