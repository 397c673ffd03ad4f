package io.flytrap.dashboard.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.BrowserSupport;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Merging in headless Chromium: select two issues in the list, Merge, choose the primary in the dialog; the list
 * shows one issue with both issues' events; its page says "Merged from 1 issue" and Undo brings the other back.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.poll-interval=200ms")
@UsesTestDatabase
class IssueMergeBrowserTests {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;
    @Autowired
    IssueQueries issues;

    BrowserSupport browser;
    String email;
    Caller owner;
    final String password = "a long test password";
    CreatedProject project;

    @BeforeEach
    void startBrowser() {
        email = "merge-" + UUID.randomUUID() + "@example.com";
        var user = users.create(email, password, Role.MEMBER);
        owner = user.asCaller();
        project = projects.create(owner, "Merge shop", "javascript");
        browser = new BrowserSupport(port);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private void postError(String type) throws Exception {
        String json = """
                {"data": {"error": {"name": "%s", "message": "boom", "stack": "%s: boom\\n    at pay (https://shop.example/app.js:1:1)"},
                          "project_id": "%d"}}""".formatted(type, type, project.project().id());
        int status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(browser.url("/api/errors")))
                .header("x-api-key", project.key().publicKey())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        assertThat(status).isEqualTo(200);
    }

    private String total() {
        List<WebElement> total = browser.driver.findElements(By.id("issue-total"));
        return total.isEmpty() ? "" : total.getFirst().getText();
    }

    @Test
    void shouldMergeTwoIssuesFromTheListAndUndoOnTheIssuePage() throws Exception {
        postError("TypeError");
        postError("TypeError");
        postError("RangeError");
        browser.signIn(email, password);
        String list = browser.url("/projects/" + project.project().id() + "/issues");
        browser.driver.get(list);
        browser.wait.until(d -> total().equals("2 issues") && browser.bodyText().contains("RangeError"));

        browser.js("""
                Array.from(document.querySelectorAll('#issues vaadin-grid-cell-content vaadin-checkbox')).forEach(c => c.click());""");
        browser.wait.until(d -> Boolean.TRUE.equals(browser.js("return !document.getElementById('merge-selected').hasAttribute('disabled')")));
        browser.driver.findElement(By.id("merge-selected")).click();
        browser.wait.until(d -> browser.bodyText().contains("Merge 2 issues?"));
        // the primary offered first is the issue with the most events
        assertThat(String.valueOf(browser.js("return document.querySelector('#merge-primary vaadin-radio-button[checked]').innerText")))
                .contains("TypeError: boom (2 events)");
        browser.driver.findElement(By.id("merge-confirm")).click();
        // the count changes while the closing dialog (which lists both issues) may still be on screen
        browser.wait.until(d -> total().equals("1 issue") && !browser.bodyText().contains("Merge 2 issues?"));
        assertThat(browser.bodyText()).doesNotContain("RangeError");

        long primary = issues.search(owner, project.project().id(), IssueFilter.all(), 0, 5).getFirst().id();
        browser.driver.get(browser.url("/issues/" + primary));
        browser.wait.until(d -> !browser.driver.findElements(By.id("merged-from-text")).isEmpty());
        assertThat(browser.driver.findElement(By.id("merged-from-text")).getText())
                .isEqualTo("Merged from 1 issue: RangeError: boom");
        assertThat(browser.bodyText()).contains("3"); // the events of both
        browser.driver.findElement(By.id("unmerge")).click();
        browser.wait.until(d -> browser.driver.findElements(By.id("merged-from-text")).isEmpty());

        browser.driver.get(list);
        browser.wait.until(d -> total().equals("2 issues") && browser.bodyText().contains("RangeError"));
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
