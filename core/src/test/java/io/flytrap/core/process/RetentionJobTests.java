package io.flytrap.core.process;

import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.process.BatchItem;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.QueuedEvent;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class RetentionJobTests {

    @Autowired
    RetentionJob retention;
    @Autowired
    EventProcessor processor;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    IssueQueries issues;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    private void send(long projectId, Instant receivedAt) {
        String body = "{\"data\": {\"error\": {\"name\": \"Error\", \"message\": \"old\"}, \"project_id\": " + projectId + "}}";
        processor.process(List.of(new BatchItem("r", new QueuedEvent(projectId, UUID.randomUUID(),
                NativePayloadParser.ERROR_PROTOCOL, body.getBytes(StandardCharsets.UTF_8), Map.of(), receivedAt))));
    }

    private long events(long projectId) {
        return jdbc.sql("select count(*) from events where project_id = ?").param(projectId).query(Long.class).single();
    }

    @Test
    void shouldDeleteEventsPastEachProjectsRetentionAndKeepIssueCounts() {
        Caller owner = TestAccounts.member(users, "retention");
        long standard = projects.create(owner, "90 days", null).project().id();
        long longer = projects.create(owner, "365 days", null).project().id();
        jdbc.sql("update projects set retention_days = 365 where id = ?").param(longer).update();
        Instant now = clock.instant();
        for (long project : new long[]{standard, longer}) {
            send(project, now.minus(Duration.ofDays(200)));
            send(project, now.minus(Duration.ofDays(91)));
            send(project, now.minus(Duration.ofDays(10)));
        }

        long deleted = retention.purge(now);

        assertThat(deleted).isGreaterThanOrEqualTo(2);
        assertThat(events(standard)).as("only the 10-day-old event is within 90 days").isEqualTo(1);
        assertThat(events(longer)).as("all within 365 days").isEqualTo(3);
        assertThat(issues.search(owner, standard, IssueFilter.all(), 0, 1).getFirst().eventCount()).as("counts stay").isEqualTo(3);
        assertThat(retention.purge(now)).as("nothing left to delete").isZero();
    }
}
