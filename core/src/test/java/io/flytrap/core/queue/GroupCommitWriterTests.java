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
        CountDownLatch releaseBatches = new CountDownLatch(1);
        try (GroupCommitWriter<String> writer = new GroupCommitWriter<>("test-writer", 100, 1, 100, batch -> {
            firstBatchStarted.countDown();
            await(releaseBatches);
            throw new OutOfMemoryError("simulated: not a RuntimeException");
        })) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
                    // A lone caller writes by itself and holds the only write slot while its store blocks...
                    Future<?> alone = callers.submit(() -> writer.write("alone"));
                    firstBatchStarted.await();
                    // ...so everyone arriving now is handed to the writer thread, which takes one and waits for the slot
                    List<Future<?>> handedOff = new ArrayList<>();
                    for (int i = 0; i < 19; i++) {
                        String item = "event-" + i;
                        handedOff.add(callers.submit(() -> writer.write(item)));
                    }
                    while (writer.waitingCount() < 18) {
                        Thread.sleep(5);
                    }
                    releaseBatches.countDown();

                    assertThatThrownBy(alone::get).cause().as("the lone caller sees the Error on its own thread")
                            .isInstanceOf(OutOfMemoryError.class);
                    for (Future<?> result : handedOff) {
                        assertThatThrownBy(result::get).cause().as("released by the writer, not left waiting")
                                .isInstanceOf(QueueUnavailableException.class);
                    }
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
