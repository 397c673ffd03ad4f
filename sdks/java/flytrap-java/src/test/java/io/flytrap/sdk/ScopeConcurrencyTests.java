package io.flytrap.sdk;

import io.flytrap.sdk.testing.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The scope under concurrent writers and capturers: no lost updates, no torn snapshots, no exceptions. */
class ScopeConcurrencyTests {

    Receiver receiver;

    @AfterEach
    void stop() {
        Flytrap.close(Duration.ofSeconds(2));
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void shouldKeepEveryTagAndAtMost100BreadcrumbsUnderConcurrentUse() throws Exception {
        receiver = new Receiver();
        assertThat(Flytrap.init(options -> {
            options.setDsn(receiver.dsn(1));
            options.setUncaughtExceptionHandler(false);
            options.setMaxQueueSize(1000);
            options.setCodeContext(false);
        })).isTrue();
        int threads = 8;
        int perThread = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < perThread; i++) {
                    Flytrap.setTag("t" + thread + "-" + (i % 50), String.valueOf(i));
                    Flytrap.addBreadcrumb("thread " + thread + " step " + i);
                    Flytrap.setContext("thread" + thread, Map.of("step", i));
                    if (i % 100 == 0) {
                        Flytrap.captureMessage("thread " + thread + " at " + i);
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> future : done) {
            future.get(); // rethrows anything a thread saw
        }
        pool.shutdown();

        Flytrap.captureMessage("final");
        assertThat(Flytrap.flush(Duration.ofSeconds(10))).isTrue();
        List<Receiver.Received> received = receiver.received();
        assertThat(received).hasSize(threads * perThread / 100 + 1);
        assertThat(receiver.schemaErrors()).isEmpty();
        JsonNode last = received.stream().filter(r -> r.data().path("message").asString().equals("final"))
                .findFirst().orElseThrow().data();
        assertThat(last.path("tags").size()).as("every tag every thread set, none lost").isEqualTo(threads * 50);
        for (int t = 0; t < threads; t++) {
            assertThat(last.path("tags").path("t" + t + "-49").asString()).isEqualTo(String.valueOf(perThread - 1));
            assertThat(last.path("contexts").path("thread" + t).path("step").asInt()).isEqualTo(perThread - 1);
        }
        assertThat(last.path("breadcrumbs")).hasSize(100);
        received.forEach(r -> assertThat(r.data().path("breadcrumbs").size()).isLessThanOrEqualTo(100));
    }
}
