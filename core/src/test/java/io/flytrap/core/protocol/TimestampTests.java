package io.flytrap.core.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampTests {

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T10:00:00Z", "2026-11-26T10:00:00.1Z", "2026-11-26T10:00:00.123Z",
            "2026-11-26T23:59:59.123456789Z", "2024-02-29T00:00:00.000Z"})
    void shouldReadTheCommonShapeExactlyAsTheGeneralParserDoes(String text) {
        assertThat(WireTimes.utcInstant(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T10:00:00+01:00", "2026-11-26 10:00:00Z", "2026-13-26T10:00:00Z",
            "2026-02-30T10:00:00Z", "2026-11-26T10:00:00.Z", "yesterday at noon Z", "2026-11-26T10:00:00.1234567890Z"})
    void shouldLeaveEverythingElseToTheGeneralParser(String text) {
        assertThat(WireTimes.utcInstant(text)).isNull();
    }

    @org.junit.jupiter.api.Test
    void shouldStillAcceptOffsetsAndLocalTimesTakenAsUtc() {
        assertThat(nativeTimestamp("2026-11-26T10:00:00+01:00")).isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
        assertThat(nativeTimestamp("2026-11-26T10:00:00")).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
        assertThat(nativeTimestamp("2026-02-30T10:00:00Z")).as("an impossible date is refused").isNull();
    }

    /** Reads a timestamp the way the native parser does. */
    private static Instant nativeTimestamp(String text) {
        try {
            return new EventFields(true).isoOrEpochMillis(
                    tools.jackson.databind.json.JsonMapper.builder().build().readTree("{\"t\": \"" + text + "\"}"), "t", "t");
        } catch (InvalidPayloadException e) {
            return null;
        }
    }
}
