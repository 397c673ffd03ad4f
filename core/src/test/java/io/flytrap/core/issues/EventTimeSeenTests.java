package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.process.BatchItem;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.QueuedEvent;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * #22 item 4: an issue's first and last seen, its charts and the list's "last 24 h" follow each event's own time,
 * as Sentry's do; a time from the future counts as the arrival time (never "seen in 3 days").
 */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class EventTimeSeenTests {

    @Autowired
    EventProcessor processor;
    @Autowired
    IssueQueries issues;
    @Autowired
    ActivityQueries activity;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;

    Caller owner;
    long projectId;

    @BeforeEach
    void project() {
        owner = TestAccounts.member(users, "event-time");
        projectId = projects.create(owner, "Event time", null).project().id();
    }

    /** The shared clock is read to the millisecond, which PostgreSQL stores exactly. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private IssueSummary send(String message, Instant stamped) {
        String body = """
                {"data": {"error": {"name": "Error", "message": "%s"}, "project_id": %d, "timestamp": "%s",
                          "environment": "production"}}""".formatted(message, projectId, stamped);
        processor.process(List.of(new BatchItem("m", new QueuedEvent(projectId, UUID.randomUUID(),
                NativePayloadParser.ERROR_PROTOCOL, body.getBytes(StandardCharsets.UTF_8), Map.of(), now()))));
        return issues.search(owner, projectId, new IssueFilter(IssueSearch.parse("\"" + message + "\""), null, null), 0, 1)
                .getFirst();
    }

    @Test
    void shouldDateAnIssueByWhenItsEventsHappenedNotWhenTheyArrived() {
        Instant threeDaysAgo = clock.instant().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);

        IssueSummary issue = send("flushed late", threeDaysAgo);

        assertThat(issue.firstSeen()).isEqualTo(threeDaysAgo);
        assertThat(issue.lastSeen()).as("not when it arrived").isEqualTo(threeDaysAgo);
        assertThat(activity.hourlyOccurrences(owner, issue.id())).as("not in the last 24 hours").containsOnly(0L);
        assertThat(activity.dailyOccurrences(owner, issue.id()).get(ActivityQueries.TREND_DAYS - 4))
                .as("in the chart's day three days back").isEqualTo(1);
        assertThat(issues.search(owner, projectId, new IssueFilter(IssueSearch.parse("\"flushed late\""),
                Duration.ofHours(24), null), 0, 10)).as("the last 24 hours' filter leaves it out").isEmpty();
        assertThat(jdbc.sql("select first_seen from issue_environments where issue_id = ?").param(issue.id())
                .query(java.sql.Timestamp.class).single().toInstant()).isEqualTo(threeDaysAgo);

        Instant anHourAgo = clock.instant().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        IssueSummary again = send("flushed late", anHourAgo);
        assertThat(again.firstSeen()).isEqualTo(threeDaysAgo);
        assertThat(again.lastSeen()).isEqualTo(anHourAgo);
        IssueSummary older = send("flushed late", threeDaysAgo.minus(Duration.ofDays(1)));
        assertThat(older.firstSeen()).as("an older event moves first seen back").isEqualTo(threeDaysAgo.minus(Duration.ofDays(1)));
        assertThat(older.lastSeen()).as("and leaves last seen").isEqualTo(anHourAgo);
    }

    @Test
    void shouldDateAnEventFromTheFutureWhenItArrived() {
        Instant received = now();

        IssueSummary issue = send("fast clock", received.plus(Duration.ofDays(3)));

        assertThat(issue.firstSeen()).isEqualTo(received);
        assertThat(issue.lastSeen()).isEqualTo(received);
        assertThat(activity.hourlyOccurrences(owner, issue.id()).getLast()).isEqualTo(1);
    }

    @Test
    void shouldDateAnEventOlderThanThirtyDaysWhenItArrived() {
        Instant received = now();

        IssueSummary issue = send("stale clock", received.minus(Duration.ofDays(45)));

        assertThat(issue.firstSeen()).isEqualTo(received);
    }
}
