package io.flytrap.core.process;

import io.flytrap.core.protocol.NativePayloadParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A dead letter's last error is shown to administrators: it must describe the failure, never repeat the event. */
class FailureDescriptionsTests {

    @Test
    void shouldNotRepeatWhatTheParserQuotedFromTheEvent() {
        byte[] body = "{\"data\": sk_live_SECRET123 }".getBytes(StandardCharsets.UTF_8);
        Throwable failure = catchThrowable(() -> new NativePayloadParser()
                .parse(NativePayloadParser.ERROR_PROTOCOL, body, UUID.randomUUID(), Instant.now()));
        assertThat(failure).as("the parser quotes the token it did not expect").isNotNull();

        String description = FailureDescriptions.describe(failure);

        assertThat(description).startsWith("InvalidPayloadException: ").doesNotContain("SECRET123");
    }

    @Test
    void shouldKeepTheFirstLineAndTheDatabasesNamesButNotItsValues() {
        var failure = new IllegalStateException("""
                ERROR: new row for relation "events" violates check constraint "poisoned_release_for_tests"
                  Detail: Failing row contains (42, password=hunter2).""");
        var value = new IllegalStateException("ERROR: invalid input syntax for type uuid: \"Bearer abc.DEF\"");

        assertThat(FailureDescriptions.describe(failure)).isEqualTo("IllegalStateException: ERROR: new row for relation "
                + "\"events\" violates check constraint \"poisoned_release_for_tests\"");
        assertThat(FailureDescriptions.describe(value)).doesNotContain("abc.DEF").endsWith(FailureDescriptions.MASK);
    }

    @Test
    void shouldCutALongMessageShort() {
        String description = FailureDescriptions.describe(new IllegalArgumentException("x".repeat(5_000)));

        assertThat(description).hasSize(FailureDescriptions.MAX_LENGTH + 1).endsWith("…");
    }
}
