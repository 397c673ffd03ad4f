package io.flytrap.dashboard.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectMemberService;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.User;
import io.flytrap.core.users.UserAdminService;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.BrowserSupport;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live updates (Vaadin push over the open tab's connection) are checked when they are pushed, not only when the
 * tab next sends a request: a user disabled, or removed from the project, while their issue list is open must not
 * see one more issue arrive. In headless Chromium, with events posted over HTTP and processed by the queue worker.
 * <p>
 * The page's own script records whether the new issue ever reached its DOM, in sessionStorage, which outlives the
 * navigation that follows; so an update shown for a moment and then replaced is caught too.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.poll-interval=200ms")
@UsesTestDatabase
class LiveUpdateAccessBrowserTests {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    UserAdminService userAdmin;
    @Autowired
    ProjectService projects;
    @Autowired
    ProjectMemberService members;
    @Autowired
    JdbcClient jdbc;

    final String password = "a long test password";
    BrowserSupport browser;
    Caller admin;
    User member;
    CreatedProject project;

    @BeforeEach
    void signInAndOpenTheIssueList() throws Exception {
        admin = users.create("admin-" + UUID.randomUUID() + "@example.com", password, Role.ADMIN).asCaller();
        member = users.create("member-" + UUID.randomUUID() + "@example.com", password, Role.MEMBER);
        project = projects.create(member.asCaller(), "Checkout " + UUID.randomUUID().toString().substring(0, 8), "javascript");
        browser = new BrowserSupport(port);
        browser.signIn(member.email(), password);
        browser.driver.get(browser.url("/projects/" + project.project().id() + "/issues"));
        browser.wait.until(d -> d.findElements(By.id("no-issues")).size() == 1);

        // push works for this tab: the first issue arrives without a reload
        String first = "first-" + UUID.randomUUID();
        postError(first);
        browser.wait.until(d -> issueListText().contains(first));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private void postError(String message) throws Exception {
        String json = """
                {"data": {"error": {"name": "TypeError", "message": "%s", "stack": "TypeError: %s\\n    at pay (https://shop.example/app.js:1:1)"},
                          "project_id": "%d"}}""".formatted(message, message, project.project().id());
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(browser.url("/api/errors")))
                .header("x-api-key", project.key().publicKey()).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private String issueListText() {
        return (String) browser.js("const g = document.getElementById('issues'); return g ? "
                + "Array.from(g.querySelectorAll('vaadin-grid-cell-content')).map(c => c.innerText).join(' ') : ''");
    }

    /** From now on the page notes in sessionStorage if the marker, or a second issue in the count, ever shows. */
    private void watchForLeak(String marker) {
        browser.js("""
                sessionStorage.removeItem('flytrapLeak');
                const marker = arguments[0];
                const check = () => {
                    const total = document.getElementById('issue-total');
                    if (document.body.textContent.includes(marker) || (total && total.textContent.startsWith('2 '))) {
                        sessionStorage.setItem('flytrapLeak', 'shown');
                    }
                };
                new MutationObserver(check).observe(document.body, {subtree: true, childList: true, characterData: true});""",
                marker);
    }

    private Object leak() {
        return browser.js("return sessionStorage.getItem('flytrapLeak')");
    }

    private boolean processed(String marker) {
        return jdbc.sql("select count(*) from issues where project_id = ? and title like ?")
                .params(project.project().id(), "%" + marker + "%").query(Long.class).single() == 1;
    }

    @Test
    void shouldSendADisabledUsersOpenTabToSignInInsteadOfPushingTheNextIssue() throws Exception {
        String marker = "after-disable-" + UUID.randomUUID();
        watchForLeak(marker);

        userAdmin.setDisabled(admin, member.id(), true);
        postError(marker);

        browser.wait.until(d -> leak() != null || d.getCurrentUrl().contains("/login"));
        assertThat(leak()).as("the issue that arrived after the user was disabled never reached the tab").isNull();
        browser.wait.until(d -> processed(marker));
        assertThat(browser.driver.getCurrentUrl()).as("the tab was sent to sign in").contains("/login");
        assertThat(browser.bodyText()).doesNotContain(marker).doesNotContain(project.project().name());
        assertThat(leak()).isNull();
    }

    @Test
    void shouldNoticeAUserDisabledOnAnotherReplica() throws Exception {
        // Another dashboard replica disables the user: this one hears no event and its session registry still
        // holds a live session; only the database says so.
        String marker = "disabled-elsewhere-" + UUID.randomUUID();
        watchForLeak(marker);

        jdbc.sql("update users set disabled_at = now() where id = ?").param(member.id()).update();
        postError(marker);

        browser.wait.until(d -> leak() != null || d.getCurrentUrl().contains("/login"));
        assertThat(leak()).as("the issue that arrived after the user was disabled never reached the tab").isNull();
        assertThat(browser.driver.getCurrentUrl()).contains("/login");
        browser.wait.until(d -> browser.bodyText().toLowerCase().contains("expired") || d.findElements(By.tagName("vaadin-login-form")).size() == 1);
        assertThat(browser.bodyText()).doesNotContain(marker).doesNotContain(project.project().name());
        browser.driver.get(browser.url("/projects/" + project.project().id() + "/issues"));
        browser.wait.until(d -> d.getCurrentUrl().contains("/login"));
        assertThat(browser.driver.findElements(By.id("issues"))).as("the session itself ended, not just the tab's view").isEmpty();
    }

    @Test
    void shouldTakeTheProjectAwayFromAnOpenTabWhenItsUserIsRemovedFromIt() throws Exception {
        String marker = "after-removal-" + UUID.randomUUID();
        String issueList = browser.driver.getCurrentUrl();
        watchForLeak(marker);

        members.remove(admin, project.project().id(), member.id());
        postError(marker);

        browser.wait.until(d -> leak() != null || !d.getCurrentUrl().equals(issueList));
        assertThat(leak()).as("the issue that arrived after the removal never reached the tab").isNull();
        browser.wait.until(d -> processed(marker));
        // still signed in (nothing else changed), on the projects overview, which no longer lists the project
        browser.wait.until(d -> d.findElements(By.id("projects")).size() + d.findElements(By.id("new-project")).size() > 0);
        assertThat(browser.driver.findElements(By.id("issues"))).isEmpty();
        assertThat(browser.bodyText()).doesNotContain(marker).doesNotContain(project.project().name());
        assertThat(leak()).isNull();
    }
}
