package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;

import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;

import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.TestEvents;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The issue list's filters, sorts and search, and that none of them reaches past the caller's projects. */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class IssueSearchTests {

    @Autowired
    EventProcessor processor;
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
    void threeKindsOfIssue() {
        owner = TestAccounts.member(users, "search");
        projectId = projects.create(owner, "Search", null).project().id();
        // old: seen 10 days ago only, handled warning in staging 1.0
        send("RangeError", "Invalid array length", "warning", true, "staging", "1.0", "alice");
        clock.advance(Duration.ofDays(10));
        // checkout: unhandled error in production 2.0, three events, two users
        send("TypeError", "cart.total is not a function", "error", false, "production", "2.0", "bob");
        send("TypeError", "cart.total is not a function", "error", false, "production", "2.0", "carol");
        send("TypeError", "cart.total is not a function", "error", false, "production", "2.0", "bob");
        // percent: a message with LIKE's wildcard characters in it
        send("Error", "quota at 100% for user_name", "fatal", true, "production", "2.0", null);
    }

    private void send(String type, String message, String level, boolean handled, String environment, String release,
                      String user) {
        String body = """
                {"data": {"error": {"name": "%s", "message": "%s", "stack": "%s: %s\\n    at %s (app.js:1:1)"},
                          "project_id": %d, "level": "%s", "handled": %s, "environment": "%s", "release": "%s" %s}}"""
                .formatted(type, message, type, message, type.toLowerCase(), projectId, level, handled, environment,
                        release, user == null ? "" : ", \"user\": {\"id\": \"" + user + "\"}");
        TestEvents.process(processor, projectId, body, clock.instant());
        clock.advance(Duration.ofSeconds(1));
    }

    private List<String> titles(IssueFilter filter) {
        List<IssueSummary> page = issues.search(owner, projectId, filter, 0, 50);
        assertThat(issues.count(owner, projectId, filter)).as("count agrees with the page").isEqualTo(page.size());
        return page.stream().map(IssueSummary::title).toList();
    }

    private static IssueFilter filter(Set<String> statuses, Set<String> levels, Boolean unhandled, String environment,
                                      String release, Duration within, String text, IssueSort sort) {
        return new IssueFilter(statuses, levels, unhandled, environment, release, within, text, sort);
    }

    private void sendFrom(String type, String message, String userAgent) {
        String body = """
                {"data": {"error": {"name": "%s", "message": "%s", "stack": "%s: %s\\n    at %s (app.js:1:1)"},
                          "project_id": %d, "request": {"url": "https://shop.example/", "headers": {"User-Agent": "%s"}}}}"""
                .formatted(type, message, type, message, type.toLowerCase(), projectId, userAgent);
        TestEvents.process(processor, projectId, body, clock.instant());
    }

    @Test
    void shouldFilterByTheBrowserOsAndDeviceTheFacetsShow() {
        // Safari on an iPhone and Chrome on Windows, as those browsers send their headers
        sendFrom("SyntaxError", "phone only", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
                + "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1");
        sendFrom("URIError", "desktop only", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/120.0.6099.130 Safari/537.36");
        IssueFilter all = IssueFilter.all();

        assertThat(titles(withContexts(all, Map.of("device", "iPhone")))).containsExactly("SyntaxError: phone only");
        assertThat(titles(withContexts(all, Map.of("browser", "Chrome 120.0.6099", "os", "Windows 10"))))
                .containsExactly("URIError: desktop only");
        assertThat(titles(withContexts(all, Map.of("browser", "Chrome 120.0.6099", "os", "iOS 17.4"))))
                .as("every chosen value must hold, not any").isEmpty();
        assertThat(titles(withContexts(all, Map.of("browser", "chrome")))).as("the value exactly as the facet shows it").isEmpty();
        assertThat(titles(withContexts(all, Map.of("browser", " ")))).as("a blank choice filters nothing").hasSize(5);
        assertThatThrownBy(() -> withContexts(all, Map.of("payload", "x"))).as("only browser, os and device")
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static IssueFilter withContexts(IssueFilter f, Map<String, String> contexts) {
        return new IssueFilter(f.statuses(), f.levels(), f.unhandled(), f.environment(), f.release(), f.seenWithin(),
                f.text(), f.sort(), contexts);
    }

    @Test
    void shouldFilterByEachCriterionAndCombineThem() {
        assertThat(titles(IssueFilter.all())).hasSize(3);
        assertThat(titles(filter(null, Set.of("error", "fatal"), null, null, null, null, null, null)))
                .containsExactlyInAnyOrder("TypeError: cart.total is not a function", "Error: quota at 100% for user_name");
        assertThat(titles(filter(null, null, true, null, null, null, null, null)))
                .containsExactly("TypeError: cart.total is not a function");
        assertThat(titles(filter(null, null, false, null, null, null, null, null))).hasSize(2)
                .doesNotContain("TypeError: cart.total is not a function");
        assertThat(titles(filter(null, null, null, "staging", null, null, null, null)))
                .containsExactly("RangeError: Invalid array length");
        assertThat(titles(filter(null, null, null, null, "2.0", null, null, null))).hasSize(2)
                .doesNotContain("RangeError: Invalid array length");
        assertThat(titles(filter(null, null, null, null, "3.0", null, null, null))).as("a release never seen").isEmpty();
        assertThat(titles(filter(null, null, null, null, null, IssuePeriod.WEEK.duration(), null, null))).hasSize(2)
                .doesNotContain("RangeError: Invalid array length");
        assertThat(titles(filter(null, Set.of("error"), true, "production", "2.0", IssuePeriod.DAY.duration(), "cart", null)))
                .containsExactly("TypeError: cart.total is not a function");
        assertThat(titles(filter(null, Set.of("warning"), true, null, null, null, null, null)))
                .as("criteria combine with AND").isEmpty();
    }

    @Test
    void shouldFilterByStatus() {
        long checkout = issues.search(owner, projectId, filter(null, null, true, null, null, null, null, null), 0, 1)
                .getFirst().id();
        statuses.resolve(owner, checkout, null);

        assertThat(titles(IssueFilter.unresolved())).hasSize(2).doesNotContain("TypeError: cart.total is not a function");
        assertThat(titles(filter(Set.of("resolved", "ignored"), null, null, null, null, null, null, null)))
                .containsExactly("TypeError: cart.total is not a function");
    }

    @Test
    void shouldSearchWordsInTitleAndCulpritCaseInsensitivelyAndTakeWildcardsLiterally() {
        assertThat(titles(filter(null, null, null, null, null, null, "TOTAL cart", null)))
                .containsExactly("TypeError: cart.total is not a function");
        assertThat(titles(filter(null, null, null, null, null, null, "typeerror", null))).hasSize(1);
        assertThat(titles(filter(null, null, null, null, null, null, "total missing", null)))
                .as("every word must occur").isEmpty();
        assertThat(titles(filter(null, null, null, null, null, null, "100%", null)))
                .containsExactly("Error: quota at 100% for user_name");
        assertThat(titles(filter(null, null, null, null, null, null, "%", null)))
                .as("% is a character here, not 'anything'").containsExactly("Error: quota at 100% for user_name");
        assertThat(titles(filter(null, null, null, null, null, null, "quota_at", null)))
                .as("_ is a character here, not 'any one character'").isEmpty();
        assertThat(titles(filter(null, null, null, null, null, null, "'; drop table issues; --", null))).isEmpty();
        assertThat(titles(IssueFilter.all())).as("still there").hasSize(3);
    }

    @Test
    void shouldSortByEachOrder() {
        assertThat(titles(filter(null, null, null, null, null, null, null, IssueSort.LAST_SEEN)).getFirst())
                .isEqualTo("Error: quota at 100% for user_name");
        assertThat(titles(filter(null, null, null, null, null, null, null, IssueSort.FIRST_SEEN)).getFirst())
                .isEqualTo("Error: quota at 100% for user_name");
        assertThat(titles(filter(null, null, null, null, null, null, null, IssueSort.FIRST_SEEN)).getLast())
                .isEqualTo("RangeError: Invalid array length");
        assertThat(titles(filter(null, null, null, null, null, null, null, IssueSort.EVENTS)).getFirst())
                .isEqualTo("TypeError: cart.total is not a function");
        assertThat(titles(filter(null, null, null, null, null, null, null, IssueSort.USERS)))
                .containsExactly("TypeError: cart.total is not a function", "RangeError: Invalid array length",
                        "Error: quota at 100% for user_name");
    }

    @Test
    void shouldRefuseInvalidCriteriaWithoutQuerying() {
        assertThatThrownBy(() -> filter(Set.of("closed"), null, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status");
        assertThatThrownBy(() -> filter(null, Set.of("loud"), null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level");
        assertThatThrownBy(() -> filter(null, null, null, null, null, Duration.ofDays(-1), null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> filter(null, null, null, null, null, null, "x".repeat(201), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IssuePeriod.ofCode("1y")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("24h, 7d, 14d, 30d, 90d, all");
    }

    @Test
    void shouldNotLetAnotherMemberSearchCountOrDelete() {
        Caller stranger = TestAccounts.member(users, "stranger");
        long issueId = issues.search(owner, projectId, IssueFilter.all(), 0, 1).getFirst().id();

        assertThatThrownBy(() -> issues.search(stranger, projectId, IssueFilter.all(), 0, 10)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> issues.count(stranger, projectId, IssueFilter.all())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> statuses.delete(stranger, issueId)).isInstanceOf(NotFoundException.class);
        assertThat(issues.get(owner, issueId)).as("not deleted by the refused call").isNotNull();
    }

    @Test
    void shouldDeleteAnIssueWithItsEventsAndRecordWhoDidIt() {
        long checkout = issues.search(owner, projectId, filter(null, null, true, null, null, null, null, null), 0, 1)
                .getFirst().id();

        statuses.delete(owner, checkout);

        assertThatThrownBy(() -> issues.get(owner, checkout)).isInstanceOf(NotFoundException.class);
        assertThat(jdbc.sql("select count(*) from events where issue_id = ?").param(checkout).query(Long.class).single()).isZero();
        assertThat(titles(IssueFilter.all())).hasSize(2);
        assertThat(jdbc.sql("select actor_user_id || ' ' || action || ' ' || target from audit_log where project_id = ?")
                .param(projectId).query(String.class).list())
                .containsExactly(owner.userId() + " issue_deleted issue " + checkout);
    }
}
