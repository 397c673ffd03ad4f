package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.releases.ReleaseService;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.TestEvents;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts of issues outside the list see a merged issue as the one issue the list shows. What must not happen: a
 * release's "new issues" counting the hidden copies a merge leaves (the merged members and the primary's own copy),
 * or the search's value suggestions ranking a tag value by them.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class MergedIssueCountsTests {

    @Autowired
    EventProcessor processor;
    @Autowired
    IssueMergeService merges;
    @Autowired
    IssueQueries issues;
    @Autowired
    ReleaseService releases;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;

    Caller owner;
    long projectId;

    @BeforeEach
    void fiveIssuesOfOneRelease() {
        owner = TestAccounts.member(users, "merged-counts");
        projectId = projects.create(owner, "Merged counts", null).project().id();
        send("TypeError", "Chrome");
        send("RangeError", "Chrome");
        send("SyntaxError", "Chrome");
        send("EvalError", "Firefox");
        send("URIError", "Firefox");
    }

    private void send(String type, String browser) {
        TestEvents.process(processor, projectId, """
                {"data": {"error": {"name": "%s", "message": "boom", "stack": "%s: boom\\n    at f%s (app.js:1:1)"},
                          "project_id": %d, "release": "1.0", "tags": {"team": "%s"}}}"""
                .formatted(type, type, type, projectId, browser), Instant.now());
    }

    private long issueTitled(String type) {
        return issues.search(owner, projectId, IssueFilter.all(), 0, 50).stream()
                .filter(i -> i.title().startsWith(type)).findFirst().orElseThrow().id();
    }

    @Test
    void shouldCountAMergedIssueOnceAmongTheReleasesNewIssues() {
        assertThat(releases.get(owner, projectId, "1.0").newIssues()).isEqualTo(5);

        merges.merge(owner, List.of(issueTitled("RangeError"), issueTitled("SyntaxError")), issueTitled("TypeError"));

        assertThat(releases.get(owner, projectId, "1.0").newIssues()).as("three issues are now one").isEqualTo(3);
        assertThat(issues.newIn(owner, projectId, "1.0", 50)).hasSize(3);
    }

    @Test
    void shouldRankTagValuesByTheIssuesTheListShows() {
        assertThat(issues.searchValues(owner, projectId).get("team")).containsExactly("Chrome", "Firefox");

        merges.merge(owner, List.of(issueTitled("RangeError"), issueTitled("SyntaxError")), issueTitled("TypeError"));

        assertThat(issues.searchValues(owner, projectId).get("team"))
                .as("Chrome is on one issue now, Firefox on two; not Chrome on the primary, its copy and two members")
                .containsExactly("Firefox", "Chrome");

        merges.unmerge(owner, issueTitled("TypeError"));
        assertThat(issues.searchValues(owner, projectId).get("team")).containsExactly("Chrome", "Firefox");
        assertThat(releases.get(owner, projectId, "1.0").newIssues()).isEqualTo(5);
    }
}
