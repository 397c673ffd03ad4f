package io.flytrap.functions.process;

import io.flytrap.testsupport.QueuedEvents;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.PostgresEventQueue;
import io.flytrap.core.queue.QueuedEvent;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.FunctionsApplication;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker keeps its batch leased while it works on it (#20 item 2). The batch is made slow for real: another
 * transaction holds the lock on the issue row the batch must update, for three one-second leases.
 */
@SpringBootTest(classes = FunctionsApplication.class,
        properties = {"flytrap.worker.enabled=false", "spring.flyway.enabled=true", "flytrap.queue.lease=1s"})
@UsesTestDatabase
class QueueWorkerLeaseTests {

    @Autowired
    QueueWorker worker;
    @Autowired
    PostgresEventQueue queue;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    private void enqueue(long projectId) {
        String body = """
                {"data": {"error": {"name": "TypeError", "message": "x is undefined"}, "project_id": %d}}""".formatted(projectId);
        queue.enqueue(new QueuedEvent(projectId, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL,
                body.getBytes(StandardCharsets.UTF_8), Map.of(), Instant.now()));
    }

    @Test
    void shouldNotHandABatchStillInWorkToAnotherWorkerAfterItsLeaseRanOut() throws Exception {
        long projectId = projects.create(TestAccounts.member(users, "slow"), "Slow", "javascript").project().id();
        QueuedEvents.deleteAll(jdbc);
        enqueue(projectId);
        assertThat(worker.drainOnce()).as("creates the issue").isEqualTo(1);
        enqueue(projectId);

        // closed in reverse order: the lock is released before the executor waits for the batch, even on failure
        try (var otherWorkers = Executors.newVirtualThreadPerTaskExecutor();
             Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement("select id from issues where project_id = ? for update")) {
                lock.setLong(1, projectId);
                lock.executeQuery().close();
            }
            Future<Integer> slowBatch = otherWorkers.submit(worker::drainOnce);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> jdbc.sql(
                    "select count(*) from queued_events where project_id = ? and attempts > 0").param(projectId)
                    .query(Long.class).single() == 1); // claimed by the worker, which now waits for the lock
            for (int i = 0; i < 6; i++) { // three leases in all
                assertThat(queue.claim(10)).as("the batch still in work is not claimed a second time").isEmpty();
                // Kept: the worker renews its lease on the real clock; time passing while it does is the scenario
                Thread.sleep(500);
            }
            assertThat(slowBatch.isDone()).as("the batch really was still in work").isFalse();
            blocker.rollback();

            assertThat(slowBatch.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(jdbc.sql("select count(*) from events where project_id = ?").param(projectId).query(Long.class).single())
                .isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from queued_events where project_id = ?").param(projectId).query(Long.class).single())
                .as("completed by the worker that kept it").isZero();
    }
}
