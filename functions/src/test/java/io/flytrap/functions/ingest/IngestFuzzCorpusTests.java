package io.flytrap.functions.ingest;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.FunctionsApplication;
import io.flytrap.functions.process.QueueWorker;
import io.flytrap.testsupport.FuzzClient;
import io.flytrap.testsupport.IngestFuzzing;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz corpus (HostileInputs) against every ingest route of the functions container: no input may get a 5xx or
 * an HTML answer, and every event an answer called accepted must be stored — not left failing in the queue, not
 * dead-lettered (issue #19, item 4). The budget of refused requests is off here: the corpus is hundreds of refused
 * requests from one address, which it would otherwise answer 429 unread (FailureBudgetTests covers it).
 */
@SpringBootTest(classes = FunctionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false", "spring.flyway.enabled=true",
                "flytrap.ingest.failure-budget.per-address-per-minute=0", "flytrap.ingest.failure-budget.per-key-per-minute=0"})
@UsesTestDatabase
class IngestFuzzCorpusTests {

    @LocalServerPort
    int port;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    QueueWorker worker;
    @Autowired
    JdbcClient jdbc;

    @Test
    void shouldAnswerEveryHostileIngestRequestWithoutA5xxOrHtmlAndStoreEveryAcceptedEvent() {
        CreatedProject project = projects.create(TestAccounts.member(users, "fuzz"), "Fuzz", "node");
        FuzzClient client = new FuzzClient(port);

        IngestFuzzing.sendCorpus(client, project.project().id(), project.key().publicKey());
        while (worker.drainOnce() > 0) {
            // process everything accepted
        }

        assertThat(client.sent()).as("the corpus ran").isGreaterThan(500);
        assertThat(client.violations()).as(client.violations().size() + " of " + client.sent() + " answers broke the rules")
                .isEmpty();
        List<UUID> stored = jdbc.sql("select event_id from events where project_id = ?").param(project.project().id())
                .query(UUID.class).list();
        assertThat(client.acceptedEventIds()).as("events answered as accepted").hasSizeGreaterThan(50);
        assertThat(stored).as("every accepted event is stored").containsAll(client.acceptedEventIds());
        assertThat(jdbc.sql("select count(*) from queued_events where project_id = ?").param(project.project().id())
                .query(Long.class).single()).as("nothing left failing in the queue or dead").isZero();
    }
}
