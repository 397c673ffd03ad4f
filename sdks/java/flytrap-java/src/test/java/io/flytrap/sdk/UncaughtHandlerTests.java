package io.flytrap.sdk;

import io.flytrap.sdk.testing.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Uncaught exceptions are reported, and the handler that was there before still gets them. */
class UncaughtHandlerTests {

    Receiver receiver;
    Thread.UncaughtExceptionHandler original;

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver();
        original = Thread.getDefaultUncaughtExceptionHandler();
    }

    @AfterEach
    void stop() {
        Flytrap.close(Duration.ofSeconds(1));
        Thread.setDefaultUncaughtExceptionHandler(original);
        receiver.close();
    }

    @Test
    void shouldReportAnUncaughtExceptionAndChainThePreviousHandler() throws Exception {
        List<Throwable> seenByPrevious = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = (thread, error) -> seenByPrevious.add(error);
        Thread.setDefaultUncaughtExceptionHandler(previous);
        assertThat(Flytrap.init(options -> options.setDsn(receiver.dsn(5)))).isTrue();
        assertThat(Thread.getDefaultUncaughtExceptionHandler()).isNotSameAs(previous);

        IllegalStateException boom = new IllegalStateException("worker died");
        Thread worker = new Thread(() -> {
            throw boom;
        }, "worker-1");
        worker.start();
        worker.join();

        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(seenByPrevious).containsExactly(boom);
        JsonNode data = receiver.received().get(0).data();
        assertThat(data.path("handled").asBoolean()).isFalse();
        assertThat(data.path("level").asString()).isEqualTo("fatal");
        JsonNode exception = data.path("exception").path("values").get(0);
        assertThat(exception.path("value").asString()).isEqualTo("worker died");
        assertThat(exception.path("mechanism").path("type").asString()).isEqualTo("UncaughtExceptionHandler");
        assertThat(exception.path("mechanism").path("handled").asBoolean()).isFalse();

        Flytrap.close(Duration.ofSeconds(1));
        assertThat(Thread.getDefaultUncaughtExceptionHandler()).as("given back on close").isSameAs(previous);
    }

    @Test
    void shouldStillCallThePreviousHandlerWhenCapturingThrowsAnError() throws Exception {
        List<Throwable> seenByPrevious = new CopyOnWriteArrayList<>();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> seenByPrevious.add(error));
        assertThat(Flytrap.init(options -> options.setDsn(receiver.dsn(5)))).isTrue();
        RuntimeException poisoned = new RuntimeException() {
            @Override
            public String getMessage() {
                throw new StackOverflowError("while capturing");
            }
        };

        Thread worker = new Thread(() -> {
            throw poisoned;
        }, "worker-2");
        worker.start();
        worker.join();

        assertThat(seenByPrevious).containsExactly(poisoned);
    }

    @Test
    void shouldReportAnAppThreadWhoseNameMerelyStartsWithFlytrap() throws Exception {
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> { });
        assertThat(Flytrap.init(options -> options.setDsn(receiver.dsn(5)))).isTrue();
        Thread worker = new Thread(() -> {
            throw new IllegalStateException("embedded pool worker died");
        }, "flytrap-embedded-1");
        worker.start();
        worker.join();

        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(receiver.received()).hasSize(1);
        assertThat(Flytrap.isSdkThread(worker)).isFalse();
    }

    @Test
    void shouldLeaveTheHandlerAloneWhenDisabled() {
        Thread.UncaughtExceptionHandler previous = (thread, error) -> { };
        Thread.setDefaultUncaughtExceptionHandler(previous);
        assertThat(Flytrap.init(options -> {
            options.setDsn(receiver.dsn(5));
            options.setUncaughtExceptionHandler(false);
        })).isTrue();

        assertThat(Thread.getDefaultUncaughtExceptionHandler()).isSameAs(previous);
    }
}
