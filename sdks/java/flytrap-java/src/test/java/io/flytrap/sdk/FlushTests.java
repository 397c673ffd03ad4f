package io.flytrap.sdk;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** flush waits for what was captured before it, not for a moment when nothing is being captured. */
class FlushTests {

    final AtomicBoolean producing = new AtomicBoolean(true);

    @AfterEach
    void stop() {
        producing.set(false);
        Flytrap.close(Duration.ofSeconds(1));
    }

    @Test
    void shouldReturnUnderASteadyStreamOfCaptures() throws Exception {
        AtomicInteger sent = new AtomicInteger();
        assertThat(Flytrap.init(options -> {
            options.setDsn("http://key@127.0.0.1:9/1");
            options.setUncaughtExceptionHandler(false);
            options.setMaxQueueSize(20);
            options.setTransport((endpoint, apiKey, json) -> {
                Thread.sleep(2); // a server that keeps up, but never drains the queue completely
                sent.incrementAndGet();
                return new Transport.Response(200, null);
            });
        })).isTrue();
        Thread producer = new Thread(() -> {
            while (producing.get()) {
                Flytrap.captureMessage("tick");
                Thread.onSpinWait();
            }
        }, "producer");
        producer.start();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> Flytrap.stats().queued() >= 20); // the queue is full, and the producer keeps it so

        Flytrap.captureMessage("before the flush");
        long acceptedBefore = Flytrap.stats().queued() + sent.get();
        assertThat(Flytrap.flush(Duration.ofSeconds(3))).isTrue();
        assertThat((long) sent.get()).isGreaterThanOrEqualTo(acceptedBefore);

        producing.set(false);
        producer.join();
    }
}
