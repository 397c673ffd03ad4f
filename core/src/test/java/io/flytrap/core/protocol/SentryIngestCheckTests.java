package io.flytrap.core.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest checks a Sentry event without building it ({@link SentryEventParser#acceptedEventId}); the processor later
 * builds it ({@link SentryEventParser#parse}). The two must agree on every body: one that ingest accepts and the
 * processor refuses would be answered 200 and then fail on every attempt until it is a dead letter; one that ingest
 * refuses and the processor would read is an event lost. And they must give the same event id, which is what the
 * answer tells the SDK and what makes a retried event stored once. The bodies below are the edges of JSON and of
 * the read constraints, where a tokenizer and a tree reader could part ways.
 */
class SentryIngestCheckTests {

    private static final UUID FALLBACK = UUID.fromString("00000000-0000-4000-8000-0000000000fb");
    private static final String ID = "9ec79c33ec9942ab8353589fcb2e04dc";

    static List<byte[]> bodies() {
        List<String> texts = new ArrayList<>(List.of(
                "{\"event_id\":\"" + ID + "\",\"level\":\"error\",\"exception\":{\"values\":[{\"type\":\"TypeError\","
                        + "\"value\":\"x is undefined\",\"stacktrace\":{\"frames\":[{\"filename\":\"app.js\",\"lineno\":1}]}}]}}",
                "{\"event_id\":\"9ec79c33-ec99-42ab-8353-589fcb2e04dc\"}",
                "{\"event_id\":\"9EC79C33EC9942AB8353589FCB2E04DC\"}",
                "{\"event_id\":\"not an id\"}",
                "{\"event_id\":\"\\u0000ec79c33ec9942ab8353589fcb2e04dc\"}",
                "{\"event_id\":12345678901234567890123456789012}",
                "{\"event_id\":-12345678901234567890123456789012}",
                "{\"event_id\":123456789012345678901234567890e1}",
                "{\"event_id\":1.5}",
                "{\"event_id\":true}",
                "{\"event_id\":null}",
                "{\"event_id\":{\"id\":\"" + ID + "\"}}",
                "{\"event_id\":[\"" + ID + "\"]}",
                "{\"event_id\":\"" + ID + "\",\"event_id\":\"not an id\"}",
                "{\"event_id\":\"not an id\",\"event_id\":\"" + ID + "\"}",
                "{\"event_id\":\"" + ID + "\",\"event_id\":{}}",
                "{\"contexts\":{\"event_id\":\"" + ID + "\"}}",
                "{\"message\":\"caf\\u00e9 \\ud83d\\ude00\",\"tags\":{\"k\\u0000\":\"v\"}}",
                "{}", " {} ", "\uFEFF{}", "{}{}", "{} []", "{} x", "{},", "{\"a\":1}}",
                "", "   ", "[]", "[{}]", "\"" + ID + "\"", "1", "null", "true",
                "{\"a\":\"\\q\"}", "{\"a\":\"\u0001\"}", "{\"a\":01}", "{\"a\":1e99999}", "{\"a\":-}", "{\"a\":NaN}",
                "{'a':1}", "{/* comment */}", "{\"a\":1,}", "{\"a\"}", "{\"a\":[1,]}", "{\"a\":",
                "{\"a\":" + "9".repeat(1_001) + "}", "{\"a\":" + "9".repeat(999) + "}",
                "{\"a\":\"" + "x".repeat(ProtocolJson.MAX_STRING_LENGTH) + "\"}",
                "{\"a\":\"" + "x".repeat(ProtocolJson.MAX_STRING_LENGTH + 1) + "\"}",
                "{\"" + "k".repeat(50_001) + "\":1}"));
        for (int depth : new int[]{ProtocolJson.MAX_NESTING_DEPTH - 1, ProtocolJson.MAX_NESTING_DEPTH,
                ProtocolJson.MAX_NESTING_DEPTH + 1}) {
            texts.add("{\"event_id\":\"" + ID + "\",\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}");
        }
        List<byte[]> bodies = new ArrayList<>(texts.stream().map(text -> text.getBytes(StandardCharsets.UTF_8)).toList());
        bodies.add(new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}); // a broken UTF-8 pair
        bodies.add(new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'});              // never UTF-8
        bodies.add(new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}'});  // cut short
        return bodies;
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void shouldAcceptWhatTheProcessorReadsAndNothingElseWithTheSameId(byte[] body) {
        String processor = outcome(() -> new SentryEventParser().parse(body, 1, FALLBACK, Instant.now()).eventId());
        AtomicInteger fallbacksMade = new AtomicInteger();
        String ingest = outcome(() -> new SentryEventParser().acceptedEventId(body, () -> {
            fallbacksMade.incrementAndGet();
            return FALLBACK;
        }));

        assertThat(ingest).as("ingest's verdict on %s", preview(body)).isEqualTo(processor);
        assertThat(fallbacksMade.get()).as("the fallback id is made only when the event has no id of its own")
                .isEqualTo(ingest.equals("accepted as " + FALLBACK) ? 1 : 0);
    }

    private interface Read {
        UUID eventId() throws InvalidPayloadException;
    }

    private static String outcome(Read read) {
        try {
            return "accepted as " + read.eventId();
        } catch (InvalidPayloadException refused) {
            return "refused: " + refused.getMessage();
        }
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 80 ? text.substring(0, 80) + "… (" + text.length() + " characters)" : text;
    }
}
