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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Merging issues and undoing it, with events stored by the real processor before, during and after the merge. What
 * must not happen: an event lost, counted twice or shown under two issues; a merged issue in the list; an undo that
 * gives an issue back more or less than its own events.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class IssueMergeTests {

    @Autowired
    EventProcessor processor;
    @Autowired
    IssueMergeService merges;
    @Autowired
    IssueActivity timeline;
    @Autowired
    IssueStatusService status;
    @Autowired
    IssueQueries issues;
    @Autowired
    EventQueries events;
    @Autowired
    ActivityQueries activity;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    Caller owner;
    long projectId;
    long a;
    long b;
    long c;

    @BeforeEach
    void threeIssues() {
        owner = TestAccounts.member(users, "merge");
        projectId = projects.create(owner, "Merge", null).project().id();
        process(event("TypeError", "ann", "checkout"), event("TypeError", "bob", "checkout"));
        process(event("RangeError", "bob", "search"));
        process(event("SyntaxError", "cid", "login"), event("SyntaxError", "cid", "login"), event("SyntaxError", "dan", "login"));
        a = issueTitled("TypeError");
        b = issueTitled("RangeError");
        c = issueTitled("SyntaxError");
    }

    private String event(String type, String user, String page) {
        return """
                {"data": {"error": {"name": "%s", "message": "boom", "stack": "%s: boom\\n    at %s (app.js:1:1)"},
                          "project_id": %d, "environment": "env-%s", "release": "rel-%s", "tags": {"page": "%s"},
                          "user": {"id": "%s"}}}""".formatted(type, type, page, projectId, page, page, page, user);
    }

    /** One batch through the processor: the set-based path that files many events at once. */
    private void process(String... bodies) {
        List<BatchItem> batch = new ArrayList<>();
        for (String body : bodies) {
            batch.add(new BatchItem("m", new QueuedEvent(projectId, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL,
                    body.getBytes(StandardCharsets.UTF_8), Map.of(), clock.instant())));
        }
        processor.process(batch);
        clock.advance(Duration.ofSeconds(1));
    }

    private long issueTitled(String type) {
        return listed().stream().filter(i -> i.title().startsWith(type)).findFirst().orElseThrow().id();
    }

    private List<IssueSummary> listed() {
        return issues.search(owner, projectId, IssueFilter.all(), 0, 50);
    }

    private IssueSummary issue(long id) {
        return issues.get(owner, id);
    }

    private List<UUID> eventIds(long issueId) {
        return events.list(owner, issueId, null, null, null, 100).events().stream().map(e -> e.eventId()).toList();
    }

    /** Every stored event is shown under exactly one listed issue, and each listed issue's count is its events. */
    private void assertEachEventInExactlyOneListedIssue(long stored) {
        Map<UUID, Long> owners = new HashMap<>();
        for (IssueSummary listed : listed()) {
            List<UUID> ids = eventIds(listed.id());
            assertThat((long) ids.size()).as("events shown under issue %s", listed.id()).isEqualTo(listed.eventCount());
            ids.forEach(id -> assertThat(owners.put(id, listed.id())).as("event %s under a second issue", id).isNull());
        }
        assertThat((long) owners.size()).isEqualTo(stored);
        assertThat(jdbc.sql("select count(*) from events where project_id = ?").param(projectId).query(Long.class).single())
                .isEqualTo(stored);
    }

    private List<String> tags(long issueId) {
        return jdbc.sql("select key || '=' || value from issue_tags where issue_id = ? and key = 'page' and value <> '' order by 1")
                .param(issueId).query(String.class).list();
    }

    @Test
    void shouldShowTheMergedIssuesEventsAndTotalsInThePrimaryAndHideThem() {
        assertEachEventInExactlyOneListedIssue(6);
        long last24HoursBefore = activity.overview(owner).getFirst().eventsLast24Hours();

        IssueSummary merged = merges.merge(owner, List.of(a, b, c), a);

        assertThat(merged.eventCount()).isEqualTo(6);
        assertThat(merged.userCount()).as("ann, bob, cid, dan: bob once").isEqualTo(4);
        assertThat(listed()).extracting(IssueSummary::id).containsExactly(a);
        assertThat(eventIds(a)).hasSize(6);
        assertThat(tags(a)).containsExactly("page=checkout", "page=login", "page=search");
        assertThat(issues.search(owner, projectId, IssueFilter.of("environment:env-search", null, null), 0, 10))
                .extracting(IssueSummary::id).as("the primary is found by its members' environments").containsExactly(a);
        assertThat(activity.hourlyOccurrences(owner, a).stream().mapToLong(Long::longValue).sum()).isEqualTo(6);
        assertThat(activity.overview(owner).getFirst().eventsLast24Hours()).as("each event counted once")
                .isEqualTo(last24HoursBefore);
        assertThat(merges.mergedInto(owner, a)).extracting(IssueSummary::id).containsExactly(b, c);
        assertThat(issue(b).status()).isEqualTo("merged");
        assertEachEventInExactlyOneListedIssue(6);
    }

    @Test
    void shouldFileFutureEventsOfMergedFingerprintsIntoThePrimaryAndGiveThemBackOnUndo() {
        status.resolve(owner, c, null);
        merges.merge(owner, List.of(b, c), a);

        // through the real processor, in one batch: one of each member's fingerprint and a new kind of error
        process(event("RangeError", "eve", "search"), event("TypeError", "ann", "checkout"),
                event("SyntaxError", "cid", "login"), event("EvalError", "fay", "other"));

        assertThat(issue(a).eventCount()).isEqualTo(6 + 3);
        assertThat(issue(a).userCount()).as("eve is new").isEqualTo(5);
        assertThat(listed()).extracting(IssueSummary::title).hasSize(2).anyMatch(t -> t.startsWith("EvalError"));
        assertEachEventInExactlyOneListedIssue(10);

        IssueSummary undone = merges.unmerge(owner, a);

        assertThat(undone.eventCount()).as("its own two and one more").isEqualTo(3);
        assertThat(undone.userCount()).as("ann and bob").isEqualTo(2);
        assertThat(tags(a)).containsExactly("page=checkout");
        assertThat(issue(b).eventCount()).isEqualTo(2);
        assertThat(issue(b).status()).isEqualTo("unresolved");
        assertThat(issue(c).eventCount()).isEqualTo(4);
        assertThat(issue(c).status()).as("its status before the merge").isEqualTo("resolved");
        assertThat(activity.hourlyOccurrences(owner, b).stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
        assertThat(activity.hourlyOccurrences(owner, a).stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
        assertThat(merges.mergedInto(owner, a)).isEmpty();
        assertThat(listed()).as("a, b, c (resolved, listed with every status) and the new one").hasSize(4);
        assertEachEventInExactlyOneListedIssue(10);

        // the redirect is gone: each fingerprint files into its own issue again, the primary's included
        process(event("RangeError", "eve", "search"), event("TypeError", "ann", "checkout"));
        assertThat(issue(a).eventCount()).isEqualTo(4);
        assertThat(issue(b).eventCount()).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from issues where project_id = ?").param(projectId).query(Long.class).single())
                .as("no hidden copy left").isEqualTo(4);
        assertEachEventInExactlyOneListedIssue(12);
        assertThat(timeline.timeline(owner, a)).extracting(IssueActivity.Entry::kind).as("the primary's history")
                .containsSubsequence(IssueActivity.Kind.MERGED, IssueActivity.Kind.UNMERGED);
    }

    @Test
    void shouldReopenAResolvedPrimaryWhenAMergedFingerprintComesBack() {
        merges.merge(owner, List.of(b), a);
        status.resolve(owner, a, null);

        process(event("RangeError", "eve", "search"));

        assertThat(issue(a).status()).isEqualTo("unresolved");
        assertThat(issue(a).regressedAt()).isNotNull();
        assertThat(issue(b).status()).as("the hidden member stays hidden").isEqualTo("merged");
    }

    @Test
    void shouldMergeMoreIssuesIntoAPrimaryLaterAndUndoAllAtOnce() {
        merges.merge(owner, List.of(a, b), a);
        merges.merge(owner, List.of(c), a);

        assertThat(issue(a).eventCount()).isEqualTo(6);
        assertThat(merges.mergedInto(owner, a)).hasSize(2);

        merges.unmerge(owner, a);
        assertThat(List.of(issue(a).eventCount(), issue(b).eventCount(), issue(c).eventCount())).containsExactly(2L, 1L, 3L);
    }

    @Test
    void shouldRefuseAndChangeNothing() {
        Caller stranger = TestAccounts.member(users, "stranger");
        long otherProject = projects.create(stranger, "Other", null).project().id();
        clock.advance(Duration.ofSeconds(1));
        processor.process(List.of(new BatchItem("m", new QueuedEvent(otherProject, UUID.randomUUID(),
                NativePayloadParser.ERROR_PROTOCOL, event("TypeError", "x", "y").replace("\"project_id\": " + projectId,
                "\"project_id\": " + otherProject).getBytes(StandardCharsets.UTF_8), Map.of(), clock.instant()))));
        long foreign = issues.search(stranger, otherProject, IssueFilter.all(), 0, 1).getFirst().id();

        assertThatThrownBy(() -> merges.merge(owner, List.of(a), a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least two");
        assertThatThrownBy(() -> merges.merge(owner, List.of(a, foreign), a)).as("a project the caller is not in")
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> merges.merge(stranger, List.of(a, b), a)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> merges.merge(owner, List.of(a, b), 999_999_999L)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> merges.unmerge(owner, a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no issues are merged");
        merges.merge(owner, List.of(b), a);
        assertThatThrownBy(() -> merges.merge(owner, List.of(b, c), c)).as("b is merged already")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("merged into another");
        assertThatThrownBy(() -> merges.merge(owner, List.of(a, c), c)).as("a has merges of its own")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("undo that merge first");

        assertThat(issue(a).eventCount()).isEqualTo(3);
        assertThat(issue(c).eventCount()).isEqualTo(3);
        assertThat(issue(c).status()).isEqualTo("unresolved");
        assertThat(jdbc.sql("select count(*) from audit_log where project_id = ? and action like 'issue_%merged'")
                .param(projectId).query(Long.class).single()).as("only the one merge that happened").isEqualTo(1);
    }

    @Test
    void shouldDeleteTheMergedIssuesAndAllTheirEventsWithThePrimary() {
        merges.merge(owner, List.of(a, b), a);

        status.delete(owner, a);

        assertThat(listed()).extracting(IssueSummary::id).containsExactly(c);
        assertThatThrownBy(() -> issues.get(owner, b)).isInstanceOf(NotFoundException.class);
        assertThat(jdbc.sql("select count(*) from issues where project_id = ?").param(projectId).query(Long.class).single())
                .as("the hidden copy went too").isEqualTo(1);
        assertEachEventInExactlyOneListedIssue(3);
    }

    @Test
    void shouldWriteMergeAndUndoToTheAuditLog() {
        merges.merge(owner, List.of(b, c), a);
        merges.unmerge(owner, a);

        assertThat(jdbc.sql("""
                        select action || ' ' || target || ' ' || (details ->> 'issues') from audit_log
                        where project_id = ? order by id""")
                .param(projectId).query(String.class).list())
                .containsExactly("issue_merged issue " + a + " [" + b + ", " + c + "]",
                        "issue_unmerged issue " + a + " [" + b + ", " + c + "]");
    }
}
