package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The overview's numbers and the occurrences charts, from the hourly counts the processor keeps. */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class ActivityQueriesTests {

    @Autowired
    EventProcessor processor;
    @Autowired
    ActivityQueries activity;
    @Autowired
    IssueQueries issues;
    @Autowired
    IssueStatusService statuses;
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
        owner = TestAccounts.member(users, "activity");
        projectId = projects.create(owner, "Activity", null).project().id();
        // Move on to the next 10:30 UTC (clocks shared by tests only go forward), so that the events sent below
        // fall into predictable hour and day buckets
        Instant now = clock.instant();
        Instant next = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(10).plusMinutes(30));
        clock.advance(Duration.between(now, next.isAfter(now) ? next : next.plus(Duration.ofDays(1))));
    }

    private void send(String message, int times) {
        List<BatchItem> batch = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            String body = """
                    {"data": {"error": {"name": "Error", "message": "%s"}, "project_id": %d}}""".formatted(message, projectId);
            batch.add(new BatchItem("m" + i, new QueuedEvent(projectId, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL,
                    body.getBytes(StandardCharsets.UTF_8), Map.of(), clock.instant())));
        }
        processor.process(batch);
    }

    private ProjectActivity overview() {
        return activity.overview(owner).stream().filter(p -> p.project().id() == projectId).findFirst().orElseThrow();
    }

    @Test
    void shouldCountOpenIssuesRecentEventsAndADailyTrend() {
        send("ten days ago", 4);
        clock.advance(Duration.ofDays(10));
        send("today", 2);
        send("also today", 1);
        clock.advance(Duration.ofHours(2));
        send("today", 3);

        ProjectActivity overview = overview();
        assertThat(overview.openIssues()).isEqualTo(3);
        assertThat(overview.eventsLast24Hours()).isEqualTo(6);
        assertThat(overview.dailyEvents()).hasSize(ActivityQueries.TREND_DAYS);
        assertThat(overview.dailyEvents().getLast()).as("today").isEqualTo(6);
        assertThat(overview.dailyEvents().get(ActivityQueries.TREND_DAYS - 11)).as("ten days ago").isEqualTo(4);
        assertThat(overview.dailyEvents().stream().mapToLong(Long::longValue).sum()).isEqualTo(10);

        long today = issues.search(owner, projectId, IssueFilter.of("today", null, IssueSort.EVENTS), 0, 1)
                .getFirst().id();
        statuses.resolve(owner, today, null);
        assertThat(overview().openIssues()).as("resolved issues are not open").isEqualTo(2);
    }

    @Test
    void shouldChartAnIssuesOccurrencesPerHourAndPerDay() {
        send("charted", 2);
        clock.advance(Duration.ofHours(3));
        send("charted", 5);
        long issueId = issues.search(owner, projectId, IssueFilter.all(), 0, 1).getFirst().id();

        List<Long> hourly = activity.hourlyOccurrences(owner, issueId);
        assertThat(hourly).hasSize(24);
        assertThat(hourly.getLast()).isEqualTo(5);
        assertThat(hourly.get(20)).as("three hours before").isEqualTo(2);
        assertThat(activity.dailyOccurrences(owner, issueId).getLast()).isEqualTo(7);

        clock.advance(Duration.ofDays(2));
        assertThat(activity.hourlyOccurrences(owner, issueId)).as("older than a day").containsOnly(0L);
        assertThat(activity.dailyOccurrences(owner, issueId).get(ActivityQueries.TREND_DAYS - 3)).isEqualTo(7);
    }

    @Test
    void shouldKeepCountsWhenEventsAgeOutAndDropThemWithTheIssue() {
        send("kept", 3);
        long issueId = issues.search(owner, projectId, IssueFilter.all(), 0, 1).getFirst().id();
        jdbc.sql("delete from events where issue_id = ?").param(issueId).update(); // what retention does

        assertThat(activity.dailyOccurrences(owner, issueId).getLast()).as("counts outlive events").isEqualTo(3);

        statuses.delete(owner, issueId);
        assertThat(jdbc.sql("select count(*) from issue_hourly_counts where issue_id = ?").param(issueId)
                .query(Long.class).single()).isZero();
    }

    @Test
    void shouldShowOnlyTheCallersProjects() {
        send("private", 1);
        long issueId = issues.search(owner, projectId, IssueFilter.all(), 0, 1).getFirst().id();
        Caller stranger = TestAccounts.member(users, "activity-stranger");

        assertThat(activity.overview(stranger)).extracting(p -> p.project().id()).doesNotContain(projectId);
        assertThatThrownBy(() -> activity.hourlyOccurrences(stranger, issueId)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> activity.dailyOccurrences(stranger, issueId)).isInstanceOf(NotFoundException.class);
    }
}
