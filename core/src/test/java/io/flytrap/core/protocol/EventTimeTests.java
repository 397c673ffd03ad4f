package io.flytrap.core.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both protocols date an event the same way (#20 item 5): the time it was sent, unless that is missing, more than a
 * minute ahead of when it arrived, more than 30 days
 * before it (Relay's max_secs_in_past), or outside what PostgreSQL's timestamptz can hold (4713 BC to 294276 AD); then
 * when it arrived. Ingest answered 200 for such an event, so processing must be able to store it.
 */
class EventTimeTests {

    private static final UUID FALLBACK_ID = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final Instant RECEIVED = Instant.parse("2026-11-26T10:00:00Z");

    private static Instant nativeTime(String timestamp) throws InvalidPayloadException {
        String body = "{\"data\": {\"error\": {\"name\": \"TypeError\", \"message\": \"x\"}, \"project_id\": 1"
                + (timestamp == null ? "" : ", \"timestamp\": " + timestamp) + "}}";
        return new NativePayloadParser().parse(NativePayloadParser.ERROR_PROTOCOL,
                body.getBytes(StandardCharsets.UTF_8), FALLBACK_ID, RECEIVED).occurredAt();
    }

    private static Instant sentryTime(String timestamp) throws InvalidPayloadException {
        String body = "{\"message\": \"x\"" + (timestamp == null ? "" : ", \"timestamp\": " + timestamp) + "}";
        return new SentryEventParser().parse(body.getBytes(StandardCharsets.UTF_8), 1, FALLBACK_ID, RECEIVED)
                .occurredAt();
    }

    @ParameterizedTest(name = "native {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            far past, epoch ms (the year -316,000)    | -10000000000000000
            far past, ISO                             | "-5000-01-01T00:00:00Z"
            far future, epoch ms (the year 316,000)   | 10000000000000000
            far future, ISO                           | "+300000-01-01T00:00:00Z"
            two minutes ahead                         | "2026-11-26T10:02:00Z"
            31 days before arrival                    | "2026-10-26T09:59:59Z"
            the epoch                                 | "1970-01-01T00:00:00Z"
            """)
    void nativeShouldDateAnUnstorableFutureOrStaleTimeWhenItArrived(String what, String timestamp) throws Exception {
        assertThat(nativeTime(timestamp)).isEqualTo(RECEIVED);
    }

    @ParameterizedTest(name = "sentry {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            far past, seconds (the year -316,000)     | -10000000000000
            far past, RFC 3339                        | "-5000-01-01T00:00:00Z"
            far future, seconds (the year 316,000)    | 10000000000000
            far future, RFC 3339                      | "+300000-01-01T00:00:00Z"
            two minutes ahead                         | "2026-11-26T10:02:00Z"
            31 days before arrival                    | "2026-10-26T09:59:59Z"
            the epoch                                 | "1970-01-01T00:00:00Z"
            """)
    void sentryShouldDateAnUnstorableFutureOrStaleTimeWhenItArrived(String what, String timestamp) throws Exception {
        assertThat(sentryTime(timestamp)).isEqualTo(RECEIVED);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an hour ago                       | "2026-11-26T09:00:00Z"                 | 2026-11-26T09:00:00Z
            59 seconds ahead (a fast clock)   | "2026-11-26T10:00:59Z"                 | 2026-11-26T10:00:59Z
            three days ago                    | "2026-11-23T10:00:00Z"                 | 2026-11-23T10:00:00Z
            30 days before arrival, exactly   | "2026-10-27T10:00:00Z"                 | 2026-10-27T10:00:00Z
            """)
    void bothShouldKeepAStorableTimeThatIsNotAhead(String what, String timestamp, Instant expected) throws Exception {
        assertThat(nativeTime(timestamp)).isEqualTo(expected);
        assertThat(sentryTime(timestamp)).isEqualTo(expected);
    }

    @Test
    void bothShouldDateAnEventWithoutTimeWhenItArrived() throws Exception {
        assertThat(nativeTime(null)).isEqualTo(RECEIVED);
        assertThat(sentryTime(null)).isEqualTo(RECEIVED);
    }

    @Test
    void bothShouldKeepStorableNumbersInTheirOwnUnits() throws Exception {
        assertThat(nativeTime("1795687200000")).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
        assertThat(sentryTime("1795687200.5")).isEqualTo(Instant.parse("2026-11-26T10:00:00.5Z"));
    }
}
