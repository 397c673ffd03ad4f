package io.flytrap.sdk;

import io.flytrap.sdk.testing.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Whatever the app hands the SDK and whatever goes wrong inside it, the app never sees an exception. */
class HostSafetyTests {

    Receiver receiver;

    @BeforeEach
    void start() throws IOException {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        Flytrap.close(Duration.ofSeconds(1));
        receiver.close();
    }

    void init(java.util.function.Consumer<FlytrapOptions> more) {
        assertThat(Flytrap.init(options -> {
            options.setDsn(receiver.dsn(3));
            options.setUncaughtExceptionHandler(false);
            more.accept(options);
        })).isTrue();
    }

    static final class Hostile {
        @Override
        public String toString() {
            throw new IllegalStateException("toString is broken");
        }
    }

    static final class BrokenMessage extends RuntimeException {
        @Override
        public String getMessage() {
            throw new UnsupportedOperationException("no message for you");
        }
    }

    @Test
    void shouldDropTheEventWhenBeforeSendThrowsAndCarryOn() throws Exception {
        init(options -> options.setBeforeSend((event, original) -> {
            if ("explode".equals(event.message())) {
                throw new IllegalStateException("hook bug");
            }
            return event;
        }));

        assertThatCode(() -> Flytrap.captureMessage("explode")).doesNotThrowAnyException();
        Flytrap.captureMessage("fine");

        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(receiver.received()).extracting(r -> r.data().path("message").asString()).containsExactly("fine");
        assertThat(Flytrap.stats().dropped()).isEqualTo(1);
    }

    @Test
    void shouldSerialiseWeirdValuesIntoValidJson() throws Exception {
        init(options -> { });
        Map<String, Object> cyclic = new HashMap<>();
        cyclic.put("self", cyclic);
        Map<String, Object> weird = new HashMap<>();
        weird.put("hostile", new Hostile());
        weird.put("nan", Double.NaN);
        weird.put("cycle", cyclic);
        weird.put("control", "tab\t quote\" backslash\\ nul\u0000 line\u2028");
        weird.put("array", new int[] {1, 2, 3});
        weird.put(null, "null key");
        Flytrap.setContext("weird", weird);
        Flytrap.addBreadcrumb(new Breadcrumb(null, "default", "x", "y", Level.DEBUG, Map.of("hostile", new Hostile())));

        assertThatCode(() -> Flytrap.captureException(new BrokenMessage())).doesNotThrowAnyException();

        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(receiver.schemaErrors()).isEmpty();
        JsonNode data = receiver.received().get(0).data();
        JsonNode context = data.path("contexts").path("weird");
        assertThat(context.path("hostile").asString()).contains("toString() threw");
        assertThat(context.path("nan").isNull()).isTrue();
        assertThat(context.path("control").asString()).isEqualTo("tab\t quote\" backslash\\ nul\u0000 line\u2028");
        assertThat(context.path("array")).hasSize(3);
        assertThat(data.path("exception").path("values").get(0).path("value").asString()).contains("getMessage() threw");
    }

    @Test
    void shouldNeverThrowBeforeInitAfterCloseOrWithNulls() {
        assertThatCode(() -> {
            Flytrap.captureException(new IllegalStateException("before init"));
            Flytrap.captureMessage(null);
            Flytrap.addBreadcrumb((Breadcrumb) null);
            Flytrap.setTag(null, null);
            Flytrap.setTags(null);
            Flytrap.setContext("x", null);
            Flytrap.flush(Duration.ofMillis(10));
            Flytrap.close();
        }).doesNotThrowAnyException();
        init(options -> { });
        assertThatCode(() -> {
            Flytrap.captureException(null);
            Flytrap.captureException(new IllegalStateException("x"), null);
            Flytrap.captureMessage(null, null);
            Flytrap.setTags(Map.of("a", "b"));
        }).doesNotThrowAnyException();
    }

    @Test
    void shouldStayDisabledWithoutThrowingWhenTheDsnIsUnusable() {
        for (String dsn : new String[] {null, "", "not a url", "ftp://key@host/1", "http://host/1", "http://key@host/abc"}) {
            assertThat(Flytrap.init(options -> options.setDsn(dsn))).as(String.valueOf(dsn)).isFalse();
            assertThat(Flytrap.isEnabled()).isFalse();
        }
        assertThat(Flytrap.init(options -> options.setSampleRate(2.0))).as("an invalid option").isFalse();
    }

    @Test
    void shouldKeepTheFirstConfigurationWhenInitialisedTwice() throws Exception {
        init(options -> options.setRelease("first"));
        assertThat(Flytrap.init(options -> {
            options.setDsn("http://other@127.0.0.1:1/99");
            options.setRelease("second");
        })).isFalse();

        Flytrap.captureMessage("which one?");
        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        JsonNode data = receiver.received().get(0).data();
        assertThat(data.path("release").asString()).isEqualTo("first");
        assertThat(data.path("project_id").asLong()).isEqualTo(3);
    }

    @Test
    void shouldReturnQuicklyWhileTheServerIsDown() throws Exception {
        receiver.close();
        init(options -> options.setMaxAttempts(2));
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            Flytrap.captureException(new IllegalStateException("down " + i));
        }
        // generous: the point is that capture never waits for the network (one attempt alone takes longer)
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(Flytrap.stats().droppedQueueFull()).isPositive();
        // the receiver was closed before the first capture: no payload ever reached it to check against the schema
        // (the other tests check payloads while the receiver is open), so what is checked is that it really was down
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void shouldAcceptANullTimeoutForFlushAndClose() {
        init(options -> { });
        Flytrap.captureMessage("queued");
        assertThatCode(() -> assertThat(Flytrap.flush(null)).isTrue()).doesNotThrowAnyException();
        assertThatCode(() -> assertThat(Flytrap.close(null)).isTrue()).doesNotThrowAnyException();
        assertThatCode(() -> Flytrap.flush(null)).as("after close too").doesNotThrowAnyException();
    }
}
