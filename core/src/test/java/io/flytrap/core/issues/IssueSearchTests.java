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

    private List<String> titles(String query) {
        return titles(IssueFilter.of(query, null, null));
    }

    private List<String> titles(String query, IssuePeriod period, IssueSort sort) {
        return titles(IssueFilter.of(query, period, sort));
    }

    private void sendWith(String type, String message, String extraFields) {
        String body = """
                {"data": {"error": {"name": "%s", "message": "%s", "stack": "%s: %s\\n    at %s (app.js:1:1)"},
                          "project_id": %d, %s}}""".formatted(type, message, type, message, type.toLowerCase(), projectId, extraFields);
        TestEvents.process(processor, projectId, body, clock.instant());
        clock.advance(Duration.ofSeconds(1));
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

        assertThat(titles("device:iPhone")).containsExactly("SyntaxError: phone only");
        assertThat(titles("browser:\"Chrome 120.0.6099\" os:\"Windows 10\"")).containsExactly("URIError: desktop only");
        assertThat(titles("browser:\"Chrome 120.0.6099\" os:\"iOS 17.4\"")).as("every filter must hold, not any").isEmpty();
        assertThat(titles("browser:chrome")).as("the value exactly as the facet shows it").isEmpty();
        assertThat(titles("!browser:\"Chrome 120.0.6099\"")).hasSize(4).doesNotContain("URIError: desktop only");
        assertThat(titles("has:device")).containsExactly("SyntaxError: phone only");
    }

    @Test
    void shouldFilterByEachCriterionAndCombineThem() {
        assertThat(titles(IssueFilter.all())).hasSize(3);
        assertThat(titles("level:[error,fatal]"))
                .containsExactlyInAnyOrder("TypeError: cart.total is not a function", "Error: quota at 100% for user_name");
        assertThat(titles("!level:[error,fatal]")).containsExactly("RangeError: Invalid array length");
        assertThat(titles("handled:no")).containsExactly("TypeError: cart.total is not a function");
        assertThat(titles("handled:yes")).hasSize(2).doesNotContain("TypeError: cart.total is not a function");
        assertThat(titles("!handled:no")).as("negated like handled:yes").hasSize(2);
        assertThat(titles("environment:staging")).containsExactly("RangeError: Invalid array length");
        assertThat(titles("!environment:staging")).hasSize(2).doesNotContain("RangeError: Invalid array length");
        assertThat(titles("release:2.0")).hasSize(2).doesNotContain("RangeError: Invalid array length");
        assertThat(titles("release:[1.0,3.0]")).containsExactly("RangeError: Invalid array length");
        assertThat(titles("release:3.0")).as("a release never seen").isEmpty();
        assertThat(titles("", IssuePeriod.WEEK, null)).hasSize(2).doesNotContain("RangeError: Invalid array length");
        assertThat(titles("level:error handled:no environment:production release:2.0 cart", IssuePeriod.DAY, null))
                .containsExactly("TypeError: cart.total is not a function");
        assertThat(titles("level:warning handled:no")).as("filters combine with AND").isEmpty();
        assertThat(titles("has:release has:environment")).hasSize(3);
    }

    @Test
    void shouldFilterByUserFieldsAndAnyTag() {
        sendWith("SyntaxError", "tagged", """
                "tags": {"customer": "acme", "browser.name": "Firefox"}, "user": {"id": "u-7", "email": "ann@example.com"}""");
        sendWith("URIError", "other customer", """
                "tags": {"customer": "globex"}, "user": {"username": "bo"}""");

        assertThat(titles("user.email:ann@example.com")).containsExactly("SyntaxError: tagged");
        assertThat(titles("user.email:ANN@example.com")).as("values match exactly").isEmpty();
        assertThat(titles("user.id:u-7")).containsExactly("SyntaxError: tagged");
        assertThat(titles("user.id:carol")).as("the setup's user ids").containsExactly("TypeError: cart.total is not a function");
        assertThat(titles("customer:acme")).containsExactly("SyntaxError: tagged");
        assertThat(titles("browser.name:Firefox customer:acme")).containsExactly("SyntaxError: tagged");
        assertThat(titles("customer:[acme,globex]")).containsExactlyInAnyOrder("SyntaxError: tagged", "URIError: other customer");
        assertThat(titles("!customer:acme has:customer")).containsExactly("URIError: other customer");
        assertThat(titles("has:user.email")).containsExactly("SyntaxError: tagged");
        assertThat(titles("!has:user.email")).hasSize(4).doesNotContain("SyntaxError: tagged");
        assertThat(titles("has:customer")).hasSize(2);
        assertThat(titles("!has:customer")).hasSize(3);
        assertThat(titles("has:user.username")).containsExactly("URIError: other customer");
        assertThat(titles("customer:acme level:fatal")).isEmpty();
    }

    @Test
    void shouldFindRegressedIssues() {
        long checkout = issues.search(owner, projectId, IssueFilter.of("handled:no", null, null), 0, 1).getFirst().id();
        statuses.resolve(owner, checkout, null);
        assertThat(titles("is:resolved")).containsExactly("TypeError: cart.total is not a function");
        assertThat(titles("is:regressed")).as("resolved, not back yet").isEmpty();

        send("TypeError", "cart.total is not a function", "error", false, "production", "2.0", "bob");

        assertThat(titles("is:regressed")).containsExactly("TypeError: cart.total is not a function");
        assertThat(titles("is:unresolved !is:regressed")).hasSize(2).doesNotContain("TypeError: cart.total is not a function");
        assertThat(titles("is:[resolved,regressed]")).containsExactly("TypeError: cart.total is not a function");
    }

    @Test
    void shouldFilterByStatus() {
        long checkout = issues.search(owner, projectId, IssueFilter.of("handled:no", null, null), 0, 1).getFirst().id();
        statuses.resolve(owner, checkout, null);

        assertThat(titles(IssueFilter.unresolved())).hasSize(2).doesNotContain("TypeError: cart.total is not a function");
        assertThat(titles("is:[resolved,ignored]")).containsExactly("TypeError: cart.total is not a function");
        assertThat(titles("!is:unresolved")).containsExactly("TypeError: cart.total is not a function");
    }

    @Test
    void shouldSearchWordsInTitleCulpritAndMessageCaseInsensitivelyAndTakeWildcardsLiterally() {
        sendWith("SyntaxError", "unexpected token", "\"message\": \"payment gateway timed out\"");

        assertThat(titles("TOTAL cart")).containsExactly("TypeError: cart.total is not a function");
        assertThat(titles("typeerror")).hasSize(1);
        assertThat(titles("total missing")).as("every word must occur").isEmpty();
        assertThat(titles("gateway")).as("the event's message").containsExactly("SyntaxError: unexpected token");
        assertThat(titles("\"gateway timed\"")).as("a phrase").containsExactly("SyntaxError: unexpected token");
        assertThat(titles("\"timed gateway\"")).as("a phrase in its order").isEmpty();
        assertThat(titles("100%")).containsExactly("Error: quota at 100% for user_name");
        assertThat(titles("%")).as("% is a character here, not 'anything'").containsExactly("Error: quota at 100% for user_name");
        assertThat(titles("quota_at")).as("_ is a character here, not 'any one character'").isEmpty();
        assertThat(titles("\"'; drop table issues; --\"")).isEmpty();
        assertThat(titles("customer:\"x' or '1'='1\"")).as("a quote in a tag value is data").isEmpty();
        assertThat(titles("\"x' or 1=1); --\":y")).as("nor is a key written with quotes SQL").isEmpty();
        assertThat(titles(IssueFilter.all())).as("still there").hasSize(4);
        assertThat(jdbc.sql("select count(*) from issues").query(Long.class).single()).as("no table dropped").isPositive();
    }

    @Test
    void shouldSortByEachOrder() {
        assertThat(titles("", null, IssueSort.LAST_SEEN).getFirst()).isEqualTo("Error: quota at 100% for user_name");
        assertThat(titles("", null, IssueSort.FIRST_SEEN).getFirst()).isEqualTo("Error: quota at 100% for user_name");
        assertThat(titles("", null, IssueSort.FIRST_SEEN).getLast()).isEqualTo("RangeError: Invalid array length");
        assertThat(titles("", null, IssueSort.EVENTS).getFirst()).isEqualTo("TypeError: cart.total is not a function");
        assertThat(titles("", null, IssueSort.USERS)).containsExactly("TypeError: cart.total is not a function",
                "RangeError: Invalid array length", "Error: quota at 100% for user_name");
    }

    @Test
    void shouldRefuseInvalidCriteriaWithoutQuerying() {
        assertThatThrownBy(() -> IssueFilter.of("is:closed", null, null))
                .isInstanceOf(InvalidSearchException.class).hasMessageContaining("is:");
        assertThatThrownBy(() -> IssueFilter.of("level:loud", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level");
        assertThatThrownBy(() -> new IssueFilter(null, Duration.ofDays(-1), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IssueFilter.of("x".repeat(201), null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IssuePeriod.ofCode("1y")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("24h, 7d, 14d, 30d, 90d, all");
    }

    @Test
    void shouldOfferTheValuesTheProjectHasForEachKey() {
        sendWith("SyntaxError", "tagged", """
                "tags": {"customer": "acme"}, "user": {"email": "ann@example.com"}""");

        Map<String, List<String>> values = issues.searchValues(owner, projectId);

        assertThat(values.get("is")).containsExactly("unresolved", "resolved", "ignored", "regressed");
        assertThat(values.get("level")).startsWith("fatal", "error");
        assertThat(values.get("environment")).containsExactlyInAnyOrder("production", "staging");
        assertThat(values.get("release")).contains("1.0", "2.0");
        assertThat(values.get("customer")).containsExactly("acme");
        assertThat(values.get("user.email")).containsExactly("ann@example.com");
        assertThat(values.get("user.id")).containsExactlyInAnyOrder("alice", "bob", "carol");
        assertThat(values.get("has")).contains("user.email", "customer", "release").doesNotContain("level", "is");
        assertThatThrownBy(() -> issues.searchValues(TestAccounts.member(users, "nosy"), projectId))
                .isInstanceOf(NotFoundException.class);
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
        long checkout = issues.search(owner, projectId, IssueFilter.of("handled:no", null, null), 0, 1).getFirst().id();

        statuses.delete(owner, checkout);

        assertThatThrownBy(() -> issues.get(owner, checkout)).isInstanceOf(NotFoundException.class);
        assertThat(jdbc.sql("select count(*) from events where issue_id = ?").param(checkout).query(Long.class).single()).isZero();
        assertThat(titles(IssueFilter.all())).hasSize(2);
        assertThat(jdbc.sql("select actor_user_id || ' ' || action || ' ' || target from audit_log where project_id = ?")
                .param(projectId).query(String.class).list())
                .containsExactly(owner.userId() + " issue_deleted issue " + checkout);
    }
}
