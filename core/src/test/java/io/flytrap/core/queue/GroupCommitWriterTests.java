package io.flytrap.core.queue;

import org.awaitility.Awaitility;
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

    /** Longer than any of these tests: the writer, not the deadline, releases the callers. */
    private static final Duration NO_DEADLINE = Duration.ofMinutes(1);

    @Test
    void shouldReleaseEveryWaitingCallerWhenABatchFailsEvenWithAnError() {
        CountDownLatch firstBatchStarted = new CountDownLatch(1);
        CountDownLatch releaseBatches = new CountDownLatch(1);
        try (GroupCommitWriter<String> writer = new GroupCommitWriter<>("test-writer", 100, 1, 100, NO_DEADLINE, () -> batch -> {
            firstBatchStarted.countDown();
            await(releaseBatches);
            throw new OutOfMemoryError("simulated: not a RuntimeException");
        })) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
                    // The only writer thread takes the first item and blocks in the store...
                    Future<?> alone = callers.submit(() -> writer.write("alone"));
                    firstBatchStarted.await();
                    // ...so everyone arriving now waits for it
                    List<Future<?>> handedOff = new ArrayList<>();
                    for (int i = 0; i < 19; i++) {
                        String item = "event-" + i;
                        handedOff.add(callers.submit(() -> writer.write(item)));
                    }
                    Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                            .until(() -> writer.waitingCount() >= 19);
                    releaseBatches.countDown();

                    assertThatThrownBy(alone::get).cause().as("released with the Error as the cause")
                            .isInstanceOf(QueueUnavailableException.class).cause().isInstanceOf(OutOfMemoryError.class);
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
        try (GroupCommitWriter<String> writer = new GroupCommitWriter<>("test-writer", 10_000, 1, 50, NO_DEADLINE, () -> stored::addAll)) {
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

    /**
     * A database that stalls without failing (SIGSTOP, a frozen network path) holds the writer inside JDBC, whose
     * statement timeout cannot fire: it cancels through a new connection to the same stalled server (#20 item 4).
     */
    @Test
    void shouldAnswerUnavailableWithinTheDeadlineWhenTheStoreHangs() {
        Duration deadline = Duration.ofMillis(300);
        CountDownLatch thaw = new CountDownLatch(1);
        CountDownLatch hung = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> stored = new ConcurrentLinkedQueue<>();
        try (GroupCommitWriter<String> writer = new GroupCommitWriter<>("test-writer", 100, 1, 1, deadline, () -> batch -> {
            hung.countDown();
            await(thaw);
            stored.addAll(batch);
        })) {
            assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
                try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
                    Future<?> takenByTheWriter = callers.submit(() -> writer.write("taken"));
                    hung.await(); // the only writer has taken it and hangs in the store
                    Future<?> stillWaiting = callers.submit(() -> writer.write("waiting"));

                    assertThatThrownBy(takenByTheWriter::get).as("answered, not left hanging with the database")
                            .cause().isInstanceOf(QueueUnavailableException.class);
                    assertThatThrownBy(stillWaiting::get).cause().isInstanceOf(QueueUnavailableException.class);
                }
            });
            assertThat(writer.waitingCount()).as("an item its caller gave up on is not written later").isZero();
            thaw.countDown();
        }
        // Only what a writer had already taken can still commit after its caller was answered 503: the client
        // retries with the same event id and the event store keeps one copy (unique (project_id, event_id))
        assertThat(stored).doesNotContain("waiting").containsOnly("taken");
    }

    @Test
    void shouldRefuseWritesOnceClosed() {
        GroupCommitWriter<String> writer = new GroupCommitWriter<>("test-writer", 10, 1, 10, NO_DEADLINE, () -> batch -> {
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
