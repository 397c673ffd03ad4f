package io.flytrap.functions.process;

import io.flytrap.testsupport.QueuedEvents;
import io.flytrap.core.ingest.IngestRequest;
import io.flytrap.core.ingest.IngestResult;
import io.flytrap.core.ingest.IngestService;
import io.flytrap.core.process.BatchItem;
import io.flytrap.core.process.BatchOutcome;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.PostgresEventQueue;
import io.flytrap.core.queue.QueueProperties;
import io.flytrap.core.queue.QueuedEvent;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.FunctionsApplication;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.MutableClockConfiguration;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = FunctionsApplication.class,
        properties = {"flytrap.worker.enabled=false", "spring.flyway.enabled=true"})
@Import(MutableClockConfiguration.class)
@UsesTestDatabase
class ProcessFunctionTests {

    @Autowired
    FunctionCatalog functions;
    @Autowired
    QueueWorker worker;
    @Autowired
    PostgresEventQueue queue;
    @Autowired
    QueueProperties queueProperties;
    @Autowired
    IngestService ingest;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    CreatedProject project;

    @BeforeEach
    void createProjectOnAnEmptyQueue() {
        QueuedEvents.deleteAll(jdbc);
        var owner = TestAccounts.member(users, "process");
        project = projects.create(owner, "Worker", "node");
    }

    private void ingestError(String message) {
        String body = """
                {"data": {"error": {"name": "Error", "message": "%s", "stack": "Error: %s\\n    at work (/srv/app/job.js:1:1)"},
                          "handled": true, "project_id": %d, "runtime": "Node 20"}}""".formatted(message, message, project.project().id());
        IngestResult result = ingest.ingest(new IngestRequest(project.key().publicKey(), NativePayloadParser.ERROR_PROTOCOL,
                null, null, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), Map.of(), null));
        assertThat(result).isInstanceOf(IngestResult.Accepted.class);
    }

    private long count(String sql) {
        return jdbc.sql(sql).param(project.project().id()).query(Long.class).single();
    }

    @Test
    void shouldBeRegisteredAsTheProcessFunction() {
        Function<List<BatchItem>, BatchOutcome> process = functions.lookup(Function.class, "process");

        assertThat(process).isNotNull();
        BatchOutcome outcome = process.apply(List.of());
        assertThat(outcome.done()).isEmpty();
        assertThat(outcome.failed()).isEmpty();
    }

    @Test
    void shouldStoreNineEventsAndDeadLetterThePoisonOneAfterItsRetries() {
        for (int i = 0; i < 5; i++) {
            ingestError("job " + i + " failed");
        }
        // A message that ingest would never have accepted: written straight to the queue
        queue.enqueue(new QueuedEvent(project.project().id(), UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL,
                "{\"garbage\": true}".getBytes(StandardCharsets.UTF_8), Map.of(), clock.instant()));
        for (int i = 5; i < 9; i++) {
            ingestError("job " + i + " failed");
        }

        assertThat(worker.drainOnce()).as("one batch of ten").isEqualTo(10);

        assertThat(count("select count(*) from events where project_id = ?")).isEqualTo(9);
        assertThat(count("select event_count from issues where project_id = ?")).isEqualTo(9);
        assertThat(count("select count(*) from queued_events where project_id = ? and state = 'pending'"))
                .as("only the poison event waits for a retry").isEqualTo(1);

        for (int attempt = 2; attempt <= queueProperties.maxAttempts(); attempt++) {
            clock.advance(queueProperties.backoffAfter(attempt - 1));
            assertThat(worker.drainOnce()).as("retry %d", attempt).isEqualTo(1);
        }

        assertThat(count("select count(*) from queued_events where project_id = ? and state = 'pending'")).isZero();
        assertThat(count("select count(*) from queued_events where project_id = ? and state = 'dead' and attempts = "
                + queueProperties.maxAttempts())).isEqualTo(1);
        assertThat(count("select count(*) from events where project_id = ?"))
                .as("retries stored nothing twice").isEqualTo(9);
    }
}
