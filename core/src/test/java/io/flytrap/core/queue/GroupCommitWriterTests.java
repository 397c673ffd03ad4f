package io.flytrap.core.queue;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The hand-off itself, without a database: callers wait without timers, so the writer must release every one. */
class GroupCommitWriterTests {

    @Test
    void shouldReleaseEveryWaitingCallerWhenABatchFailsEvenWithAnError() {
        CountDownLatch firstBatchStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstBatch = new CountDownLatch(1);
        try (GroupCommitWriter<String> writer = new GroupCommitWriter<>("test-writer", 100, 1, 100, batch -> {
            firstBatchStarted.countDown();
            await(releaseFirstBatch);
            throw new OutOfMemoryError("simulated: not a RuntimeException");
        })) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
                    // The first caller is alone and writes itself; the others are handed to the writer thread
                    List<Future<?>> results = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        String item = "event-" + i;
                        results.add(callers.submit(() -> writer.write(item)));
                    }
                    firstBatchStarted.await();
                    releaseFirstBatch.countDown();
                    int handedOffAndFailed = 0;
                    for (Future<?> result : results) {
                        // a caller that wrote by itself sees the Error on its own thread; nobody may hang
                        assertThatThrownBy(result::get).cause()
                                .isInstanceOfAny(QueueUnavailableException.class, OutOfMemoryError.class);
                        handedOffAndFailed += result.exceptionNow() instanceof QueueUnavailableException ? 1 : 0;
                    }
                    assertThat(handedOffAndFailed).as("callers released by the writer thread").isGreaterThan(0);
                }
            });
        }
    }

    @Test
    void shouldStoreEachItemExactlyOnceAcrossConcurrentCallers() {
        ConcurrentLinkedQueue<String> stored = new ConcurrentLinkedQueue<>();
        try (GroupCommitWriter<String> writer = new GroupCommitWriter<>("test-writer", 10_000, 1, 50, stored::addAll)) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < 2_000; i++) {
                        String item = "event-" + i;
                        callers.submit(() -> writer.write(item));
                    }
                }
            });
        }
        assertThat(stored).hasSize(2_000).doesNotHaveDuplicates();
    }

    @Test
    void shouldRefuseWritesOnceClosed() {
        GroupCommitWriter<String> writer = new GroupCommitWriter<>("test-writer", 10, 1, 10, batch -> {
        });
        writer.close();
        assertThatThrownBy(() -> writer.write("late")).isInstanceOf(QueueUnavailableException.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
