package io.flytrap.functions.process;

import io.flytrap.core.process.BatchItem;
import io.flytrap.core.process.BatchOutcome;
import io.flytrap.core.process.EventProcessor;
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
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first worker drains alone while it keeps up; the second joins only when the queue is behind (issue #24 item
 * 3: two workers on a trickle doubled the drain's CPU). The process function is the real one, watched for which
 * worker thread runs each batch.
 */
@SpringBootTest(classes = {FunctionsApplication.class, QueueWorkerHelpTests.Watching.class},
        properties = {"spring.flyway.enabled=true", "flytrap.worker.threads=2", "flytrap.worker.batch-size=5",
                "flytrap.worker.help-after=2s", "flytrap.worker.poll-interval=200ms"})
@UsesTestDatabase
class QueueWorkerHelpTests {

    /** Worker thread names, one per batch processed. */
    static final List<String> batchThreads = new CopyOnWriteArrayList<>();

    @TestConfiguration
    static class Watching {
        @Bean
        @Primary
        ProcessFunction watchedProcess(EventProcessor processor) {
            return new ProcessFunction(processor) {
                @Override
                public BatchOutcome apply(List<BatchItem> batch) {
                    batchThreads.add(Thread.currentThread().getName());
                    return super.apply(batch);
                }
            };
        }
    }

    @Autowired
    PostgresEventQueue queue;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;

    private void enqueue(long projectId, int count) {
        for (int i = 0; i < count; i++) {
            String body = """
                    {"data": {"error": {"name": "TypeError", "message": "x is undefined"}, "project_id": %d}}"""
                    .formatted(projectId);
            queue.enqueue(new QueuedEvent(projectId, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL,
                    body.getBytes(StandardCharsets.UTF_8), Map.of(), Instant.now()));
        }
    }

    private long stored(long projectId) {
        return jdbc.sql("select count(*) from events where project_id = ?").param(projectId).query(Long.class).single();
    }

    @Test
    void shouldDrainATrickleWithTheFirstWorkerAloneAndABacklogWithBoth() throws Exception {
        long projectId = projects.create(TestAccounts.member(users, "trickle"), "Trickle", "javascript").project().id();
        // events other tests left would be old, and rightly call the second worker: drained before we watch
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(*) from queued_events where state = 'pending'")
                .query(Long.class).single() == 0);
        Thread.sleep(500);
        batchThreads.clear();
        for (int i = 0; i < 12; i++) { // fewer than a batch at a time, each drained long before help-after
            enqueue(projectId, 2);
            Thread.sleep(100);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(projectId) == 24);
        Thread.sleep(500); // a helper woken by mistake would have claimed by now
        assertThat(batchThreads).as("a trickle is the first worker's alone").isNotEmpty()
                .allMatch("queue-worker-0"::equals);

        batchThreads.clear();
        enqueue(projectId, 400); // 80 full batches: behind from the first claim
        await().atMost(Duration.ofSeconds(60)).until(() -> stored(projectId) == 424);
        assertThat(batchThreads).as("the second worker joined the first").contains("queue-worker-0", "queue-worker-1");
        assertThat(jdbc.sql("select count(distinct event_id) from events where project_id = ?").param(projectId)
                .query(Long.class).single()).as("every event stored once, none twice").isEqualTo(424);
        assertThat(jdbc.sql("select count(*) from queued_events where project_id = ?").param(projectId)
                .query(Long.class).single()).as("nothing left behind").isZero();
    }
}
