package io.flytrap.sdk;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Caught, logged and rethrown is one event; but nothing may be silenced that was never sent. */
class AlreadyReportedTests {

    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        Flytrap.close(Duration.ofSeconds(1));
    }

    void init(int queueSize) {
        assertThat(Flytrap.init(options -> {
            options.setDsn("http://key@127.0.0.1:9/1");
            options.setUncaughtExceptionHandler(false);
            options.setMaxQueueSize(queueSize);
            options.setTransport((endpoint, apiKey, json) -> {
                release.await(10, TimeUnit.SECONDS); // holds the sender until the test lets go
                return new Transport.Response(200, null);
            });
        })).isTrue();
    }

    @Test
    void shouldReportTheSameExceptionOnlyOnce() {
        init(10);
        IllegalStateException boom = new IllegalStateException("boom");
        assertThat(Flytrap.captureException(boom)).isNotNull();
        assertThat(Flytrap.captureException(boom)).isNull();
        assertThat(Flytrap.captureException(new RuntimeException("wrapped", boom))).as("its cause was reported").isNull();
    }

    @Test
    void shouldReportAnExceptionAgainThatWasDroppedOnAFullQueue() throws Exception {
        init(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        // the sender holds one, the queue one more: fill until a capture is refused
        while (Flytrap.captureException(new IllegalStateException("filler")) != null) {
            assertThat(System.nanoTime()).isLessThan(deadline);
        }
        IllegalStateException dropped = new IllegalStateException("dropped");
        assertThat(Flytrap.captureException(dropped)).as("queue still full").isNull();

        release.countDown();
        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(Flytrap.captureException(dropped)).as("never sent, so not already reported").isNotNull();
    }

    @Test
    void shouldNotSilenceAPreallocatedExceptionWithoutAStackTrace() {
        init(10);
        // what the JVM's fast-throw optimisation rethrows: one object, no stack trace
        ArithmeticException fastThrow = new ArithmeticException("/ by zero") {
            @Override
            public synchronized Throwable fillInStackTrace() {
                return this;
            }
        };
        assertThat(fastThrow.getStackTrace()).isEmpty();
        assertThat(Flytrap.captureException(fastThrow)).isNotNull();
        assertThat(Flytrap.captureException(fastThrow)).isNotNull();
    }
}
