package io.flytrap.dashboard.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueSummary;
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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
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
 * Issue #22 on the issue list, in headless Chromium: select-all of the rows shown, then of every issue matching
 * the query (changed on the server); shift-click for a range; the keyboard (j/k, Enter, r, ?, not while typing);
 * and every filter kept in the URL, surviving a reload, with the back button going to the previous filters.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.poll-interval=200ms")
@UsesTestDatabase
class IssueListTriageBrowserTests {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;
    @Autowired
    IssueQueries issues;

    BrowserSupport browser;
    final String password = "a long test password";
    Caller owner;
    CreatedProject project;
    long projectId;

    @BeforeEach
    void ownerAndBrowser() {
        String email = "triage-" + UUID.randomUUID() + "@example.com";
        owner = users.create(email, password, Role.MEMBER).asCaller();
        project = projects.create(owner, "Triage", "javascript");
        projectId = project.project().id();
        browser = new BrowserSupport(port);
        browser.signIn(email, password);
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Issues with their own stack line each (one issue each), newest last; waits until all are stored. */
    private void postErrors(String type, int count) throws Exception {
        long before = issues.count(owner, projectId, IssueFilter.all());
        for (int i = 0; i < count; i++) {
            String json = """
                    {"data": {"error": {"name": "%s", "message": "m", "stack": "%s: m\\n    at f%d (https://shop.example/app.js:%d:1)"},
                              "project_id": "%d", "level": "%s", "environment": "%s"}}"""
                    .formatted(type, type, i, i + 1, projectId, i % 2 == 0 ? "error" : "warning", i % 2 == 0 ? "production" : "staging");
            int status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(browser.url("/api/errors")))
                    .header("x-api-key", project.key().publicKey())
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            assertThat(status).isEqualTo(200);
        }
        browser.wait.until(d -> issues.count(owner, projectId, IssueFilter.all()) == before + count);
    }

    private void openList(String query) {
        browser.driver.get(browser.url("/projects/" + projectId + "/issues" + query));
        browser.wait.until(d -> !d.findElements(By.cssSelector("#issues .issue-title")).isEmpty());
    }

    private String text(String id) {
        return browser.driver.findElement(By.id(id)).getText();
    }

    private List<WebElement> rowCheckboxes() {
        return browser.driver.findElements(By.cssSelector("#issues vaadin-grid-cell-content vaadin-checkbox"));
    }

    private void press(CharSequence key) {
        new Actions(browser.driver).sendKeys(key).perform();
    }

    private List<IssueSummary> listed(IssueFilter filter) {
        return issues.search(owner, projectId, filter, 0, 200);
    }

    @Test
    void shouldSelectTheRowsShownThenEveryIssueMatchingTheQueryAndChangeThemOnTheServer() throws Exception {
        postErrors("TypeError", 70); // more than the grid loads at first (50)
        postErrors("RangeError", 2);
        openList("?q=is%3Aunresolved+TypeError");
        browser.wait.until(d -> text("issue-total").equals("70 issues"));

        browser.click(By.cssSelector("#select-page input"));
        browser.wait.until(d -> text("selected-count").matches("\\d+ selected"));
        int shown = Integer.parseInt(text("selected-count").split(" ")[0]);
        assertThat(shown).as("the rows loaded, not all 70").isBetween(1, 69);
        assertThat(text("select-all-matching")).isEqualTo("Select all 70 matching this query");

        browser.click(By.id("select-all-matching"));
        browser.wait.until(d -> text("selected-count").equals("All 70 matching selected"));
        browser.click(By.id("ignore-selected"));
        browser.wait.until(d -> browser.bodyText().contains("Ignore all 70 issues matching this query?"));
        browser.click(By.cssSelector("vaadin-confirm-dialog[opened] [slot='confirm-button']"));
        browser.wait.until(d -> text("issue-total").equals("0 issues"));

        assertThat(issues.count(owner, projectId, IssueFilter.of("is:ignored", null, null))).isEqualTo(70);
        assertThat(issues.count(owner, projectId, IssueFilter.of("is:unresolved RangeError", null, null)))
                .as("issues outside the query stay as they were").isEqualTo(2);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void shouldSelectARangeWithShiftClick() throws Exception {
        postErrors("TypeError", 8);
        openList("");
        browser.wait.until(d -> rowCheckboxes().size() >= 8);

        rowCheckboxes().get(1).click();
        browser.wait.until(d -> text("selected-count").equals("1 selected"));
        new Actions(browser.driver).keyDown(Keys.SHIFT).click(rowCheckboxes().get(5)).keyUp(Keys.SHIFT).perform();
        browser.wait.until(d -> text("selected-count").equals("5 selected"));
        // and back: a shift-click on a selected row clears the range it ends
        new Actions(browser.driver).keyDown(Keys.SHIFT).click(rowCheckboxes().get(3)).keyUp(Keys.SHIFT).perform();
        browser.wait.until(d -> text("selected-count").equals("2 selected"));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void shouldMoveOpenAndResolveWithTheKeyboardButNotWhileTyping() throws Exception {
        postErrors("TypeError", 4);
        List<IssueSummary> order = listed(IssueFilter.unresolved());
        openList("");

        // typing in the search is typing: "r" resolves nothing
        WebElement search = browser.driver.findElement(By.cssSelector("#search input"));
        search.click();
        search.sendKeys("jr");
        browser.driver.findElement(By.tagName("h2")).click(); // out of the field, without searching
        Thread.sleep(500);
        assertThat(issues.count(owner, projectId, IssueFilter.unresolved())).isEqualTo(4);

        browser.driver.get(browser.url("/projects/" + projectId + "/issues"));
        browser.wait.until(d -> !d.findElements(By.cssSelector("#issues .issue-title")).isEmpty());
        press("/");
        browser.wait.until(d -> Boolean.TRUE.equals(browser.js(
                "return document.activeElement && document.activeElement.closest('#search') !== null")));
        browser.driver.findElement(By.tagName("h2")).click();
        press("j");
        press("j");
        press("j");
        press("k");
        browser.wait.until(d -> Boolean.TRUE.equals(browser.js(
                "return document.getElementById('issues').shadowRoot.querySelector('[part~=\"keyboard-cursor\"]') !== null")));
        press("r");
        browser.wait.until(d -> issues.count(owner, projectId, IssueFilter.unresolved()) == 3);
        assertThat(issues.get(owner, order.get(1).id()).status()).as("the second row was resolved").isEqualTo("resolved");

        press("?");
        browser.wait.until(d -> !d.findElements(By.id("keyboard-help")).isEmpty());
        assertThat(browser.bodyText()).contains("Next issue", "Assign the issue to me", "Not while typing in a field.");
        press(Keys.ESCAPE);
        browser.wait.until(d -> d.findElements(By.cssSelector("vaadin-dialog[opened]")).isEmpty());

        // the cursor stays on the second row, which now holds the third issue; j goes on to the last
        long last = listed(IssueFilter.unresolved()).get(2).id();
        press("j");
        press(Keys.ENTER);
        browser.wait.until(d -> d.getCurrentUrl().endsWith("/issues/" + last));
        browser.wait.until(d -> !d.findElements(By.id("issue-title")).isEmpty());
        press("i");
        browser.wait.until(d -> issues.count(owner, projectId, IssueFilter.unresolved()) == 2);
        assertThat(issues.get(owner, last).status()).isEqualTo("ignored");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void shouldKeepEveryFilterInTheUrlThroughAReloadAndGoBackToThePreviousFilters() throws Exception {
        postErrors("TypeError", 6); // half error/production, half warning/staging
        openList("");
        browser.wait.until(d -> text("issue-total").equals("6 issues"));

        browser.click(By.id("filters-toggle"));
        WebElement search = browser.driver.findElement(By.cssSelector("#search input"));
        search.click();
        search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        search.sendKeys("is:unresolved level:error environment:production", Keys.ENTER);
        browser.wait.until(d -> text("issue-total").equals("3 issues"));
        String filtered = browser.driver.getCurrentUrl();

        // period and sort are in the URL too
        browser.driver.get(filtered + "&period=24h&sort=events");
        browser.wait.until(d -> text("issue-total").equals("3 issues"));
        browser.driver.navigate().refresh();
        browser.wait.until(d -> !d.findElements(By.cssSelector("#issues .issue-title")).isEmpty());
        assertThat(text("issue-total")).isEqualTo("3 issues");
        assertThat(String.valueOf(browser.js("return document.querySelector('#search input').value")))
                .isEqualTo("is:unresolved level:error environment:production");
        assertThat(browser.driver.getCurrentUrl()).contains("period=24h", "sort=events");

        search = browser.driver.findElement(By.cssSelector("#search input"));
        search.click();
        search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        search.sendKeys("is:unresolved level:warning", Keys.ENTER);
        browser.wait.until(d -> text("issue-total").equals("3 issues") && d.getCurrentUrl().contains("warning"));

        browser.driver.navigate().back();
        browser.wait.until(d -> String.valueOf(browser.js("return document.querySelector('#search input').value"))
                .equals("is:unresolved level:error environment:production"));
        assertThat(browser.driver.getCurrentUrl()).contains("production", "period=24h");
        browser.wait.until(d -> text("issue-total").equals("3 issues"));
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
