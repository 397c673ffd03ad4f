package io.flytrap.dashboard;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In headless Chromium: sign in, open a project, post an error over HTTP, and watch the issue arrive in the open
 * list through Vaadin push — without a reload. The queue worker runs as in production.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.poll-interval=200ms")
@UsesTestDatabase
class LiveIssueListBrowserTests {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;

    BrowserSupport browser;
    String email;
    final String password = "a long test password";
    CreatedProject project;
    io.flytrap.core.access.Caller owner;

    @BeforeEach
    void startBrowser() {
        email = "browser-" + UUID.randomUUID() + "@example.com";
        var user = users.create(email, password, Role.MEMBER);
        owner = user.asCaller();
        project = projects.create(owner, "Web shop", "javascript");
        browser = new BrowserSupport(port);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private String issueListText() {
        return (String) browser.js("const g = document.getElementById('issues'); return g ? g.innerText + ' ' + "
                + "Array.from(g.querySelectorAll('vaadin-grid-cell-content')).map(c => c.innerText).join(' ') : ''");
    }

    private int postError(String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(browser.url("/api/errors")))
                .header("x-api-key", project.key().publicKey())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void shouldShowANewIssueLiveWithoutReload() throws Exception {
        // the project is created in the dashboard, as a new user would
        browser.signIn(email, password);
        browser.click(By.id("new-project"));
        browser.wait.until(d -> d.findElements(By.cssSelector("#project-name input")).size() == 1);
        browser.driver.findElement(By.cssSelector("#project-name input")).sendKeys("Storefront");
        browser.click(By.id("create-project"));
        browser.wait.until(d -> d.findElements(By.id("open-issues")).size() == 1);
        project = projects.listVisibleTo(owner).stream().filter(p -> p.name().equals("Storefront")).findFirst()
                .map(p -> new CreatedProject(p, projects.keys(owner, p.id()).getFirst())).orElseThrow();
        assertThat(browser.driver.findElement(By.id("sdk-api-key")).getText()).as("the dialog shows the key to use")
                .isEqualTo(project.key().publicKey());
        browser.click(By.id("open-issues"));
        browser.wait.until(d -> d.findElements(By.id("no-issues")).size() == 1);
        browser.screenshot("issue-list-empty");
        browser.js("window.flytrapNoReload = true");
        assertThat(issueListText()).doesNotContain("ReferenceError");

        assertThat(postError("""
                {"data": {"error": {"name": "ReferenceError", "message": "basket is not defined",
                                    "stack": "ReferenceError: basket is not defined\\n    at addToBasket (https://shop.example/app.js:42:7)"},
                          "handled": false, "project_id": "%d", "browser": "Firefox 140", "os": "Linux",
                          "user": {"id": "u-7", "email": "ada@example.com"}, "tags": {"session_token": "s3cr3t-value"},
                          "breadcrumbs": [{"timestamp": 1764151200, "category": "ui.click", "message": "button#pay"}]}}"""
                .formatted(project.project().id()))).isEqualTo(200);

        browser.wait.until(d -> issueListText().contains("ReferenceError: basket is not defined"));
        assertThat(browser.js("return window.flytrapNoReload === true")).as("the page was not reloaded").isEqualTo(true);
        assertThat(issueListText()).contains("addToBasket");
        browser.screenshot("issue-list-live");

        clickRow("basket is not defined");
        browser.wait.until(d -> d.findElements(By.id("issue-title")).size() == 1);
        assertThat(browser.driver.findElement(By.id("event-message")).getText()).isEqualTo("basket is not defined");
        assertThat(browser.driver.findElement(By.id("frames")).getText()).contains("addToBasket at https://shop.example/app.js:42:7");
        assertThat(browser.driver.findElement(By.id("event-metadata")).getText()).contains("Firefox 140").contains("Linux")
                .contains("u-7").contains("ada@example.com").contains("tags.session_token");
        assertThat(browser.driver.findElement(By.id("breadcrumbs")).getText()).contains("ui.click").contains("button#pay");
        assertThat(browser.bodyText()).as("scrubbed on the server").doesNotContain("s3cr3t-value");
        assertThat(browser.driver.findElements(By.cssSelector("#occurrences svg rect.bar-chart-bar"))).as("24 + 14 bars")
                .hasSize(38);
        browser.screenshot("issue");

        // the projects overview counts it
        browser.driver.get(browser.url("/"));
        String card = "#project-" + project.project().id();
        browser.wait.until(d -> d.findElements(By.cssSelector(card + " .open-issues-count")).size() == 1);
        assertThat(browser.driver.findElement(By.cssSelector(card + " .open-issues-count")).getText()).isEqualTo("1");
        assertThat(browser.driver.findElement(By.cssSelector(card + " .events-24h-count")).getText()).isEqualTo("1");
        assertThat(browser.driver.findElements(By.cssSelector(card + " svg rect.bar-chart-bar"))).hasSize(14);
        browser.screenshot("projects");
    }

    private void clickRow(String text) {
        var cell = browser.driver.findElements(By.cssSelector("#issues vaadin-grid-cell-content")).stream()
                .filter(c -> c.getText().contains(text)).findFirst().orElseThrow();
        browser.js("arguments[0].scrollIntoView({block: 'center'})", cell);
        cell.click();
    }

    private String error(String type, String message, String level, String release) {
        return """
                {"data": {"error": {"name": "%s", "message": "%s", "stack": "%s: %s\\n    at checkout (https://shop.example/app.js:1:1)"},
                          "project_id": "%d", "level": "%s", "release": "%s", "environment": "production"}}"""
                .formatted(type, message, type, message, project.project().id(), level, release);
    }

    /** The text of the rows the grid shows now (it keeps cells of rows it no longer shows, hidden). */
    private String visibleRows() {
        return String.valueOf(browser.js("""
                const g = document.getElementById('issues');
                if (!g) return '';
                return Array.from(g.shadowRoot.querySelectorAll('#items tr:not([hidden])')).map(tr =>
                    Array.from(tr.querySelectorAll('slot')).map(s => s.assignedNodes().map(n => n.innerText || '').join(' '))
                        .join(' ')).join('\\n');"""));
    }

    private String total() {
        return browser.driver.findElement(By.id("issue-total")).getText();
    }

    @Test
    void shouldFilterSearchBulkResolveAndReopenOnRegression() throws Exception {
        assertThat(postError(error("TypeError", "price is undefined", "error", "1.0"))).isEqualTo(200);
        assertThat(postError(error("RangeError", "invalid length", "warning", "1.0"))).isEqualTo(200);
        assertThat(postError(error("SyntaxError", "unexpected token", "error", "1.1"))).isEqualTo(200);
        browser.signIn(email, password);
        String list = browser.url("/projects/" + project.project().id() + "/issues");
        browser.driver.get(list);
        browser.wait.until(d -> total().equals("3 issues"));
        // each row's badges reach the browser's template with their text and their class, one level badge per row
        browser.wait.until(d -> "error,error,warning".equals(browser.js("""
                return Array.from(document.querySelectorAll('#issues .flytrap-badge[class*="level-"]'))
                    .map(b => b.textContent + (b.classList.contains('level-' + b.textContent) ? '' : '?')).sort().join()""")));

        // a search narrows the list (free text after the default is:unresolved), and the URL keeps it
        browser.driver.findElement(By.cssSelector("#search input")).sendKeys(" price", Keys.ENTER);
        browser.wait.until(d -> total().equals("1 issue"));
        browser.wait.until(d -> visibleRows().contains("TypeError: price is undefined") && !visibleRows().contains("RangeError"));
        browser.wait.until(d -> URLDecoder.decode(d.getCurrentUrl(), StandardCharsets.UTF_8).contains("q=is:unresolved price"));

        // filters arrive from the URL too, also in the form of URLs from before the search syntax: warnings only;
        // release 1.1 only
        browser.driver.get(list + "?level=warning");
        browser.wait.until(d -> total().equals("1 issue") && visibleRows().contains("RangeError: invalid length"));
        browser.driver.get(list + "?release=1.1");
        browser.wait.until(d -> total().equals("1 issue") && visibleRows().contains("SyntaxError: unexpected token"));
        browser.screenshot("issue-list-filtered");

        // bulk resolve everything after a confirmation
        browser.driver.get(list);
        browser.wait.until(d -> total().equals("3 issues"));
        browser.js("""
                const rows = Array.from(document.querySelectorAll('#issues vaadin-grid-cell-content vaadin-checkbox'));
                rows.forEach(c => c.click());""");
        browser.wait.until(d -> d.findElement(By.id("resolve-selected")).isEnabled());
        browser.driver.findElement(By.id("resolve-selected")).click();
        browser.wait.until(d -> browser.bodyText().contains("Resolve 3 issues?"));
        browser.screenshot("issue-list-bulk-confirm");
        browser.js("document.querySelector('vaadin-confirm-dialog vaadin-button[slot=\"confirm-button\"]').click()");
        browser.wait.until(d -> total().equals("0 issues"));
        browser.driver.get(list + "?status=resolved");
        browser.wait.until(d -> total().equals("3 issues"));

        // the same error again: a regression, back in the open list, live
        browser.driver.get(list);
        browser.wait.until(d -> total().equals("0 issues"));
        assertThat(postError(error("TypeError", "price is undefined", "error", "1.0"))).isEqualTo(200);
        browser.wait.until(d -> total().equals("1 issue") && visibleRows().toLowerCase().contains("regressed"));
        assertThat(visibleRows()).contains("TypeError: price is undefined");

        // deleting it from its page, after a confirmation, takes it out of every list
        clickRow("price is undefined");
        browser.wait.until(d -> d.findElements(By.id("event-position")).size() == 1);
        assertThat(browser.driver.findElement(By.id("event-position")).getText()).isEqualTo("Event 1 of 2 (newest first)");
        browser.driver.findElement(By.id("older-event")).click();
        browser.wait.until(d -> d.findElement(By.id("event-position")).getText().equals("Event 2 of 2 (newest first)"));
        assertThat(browser.driver.getCurrentUrl()).as("the event is in the URL, to share it").contains("?event=");
        assertThat(browser.driver.findElement(By.id("facets")).getText()).contains("1.0").contains("production");
        browser.screenshot("issue-older-event");
        browser.wait.until(d -> d.findElements(By.id("delete-issue")).size() == 1);
        browser.driver.findElement(By.id("delete-issue")).click();
        browser.wait.until(d -> browser.bodyText().contains("Delete this issue?"));
        browser.js("document.querySelector('vaadin-confirm-dialog vaadin-button[slot=\"confirm-button\"]').click()");
        browser.wait.until(d -> d.findElements(By.id("issue-total")).size() == 1 && total().equals("0 issues"));
        browser.driver.get(list + "?status=any");
        browser.wait.until(d -> total().equals("2 issues"));
    }

    @Test
    void shouldShowEventTextAsTextNotMarkup() throws Exception {
        browser.signIn(email, password);
        String img = "<img src=x onerror=window.flytrapPwned=1>";
        String script = "<script>window.flytrapPwned=2</script>";
        assertThat(postError("""
                {"data": {"error": {"name": "%s", "message": "%s",
                                    "stack": "Error: boom\\n    at %s (%s:1:1)"},
                          "project_id": "%d", "tags": {"%s": "%s"}, "browser": "%s",
                          "user": {"email": "%s@example.com"},
                          "breadcrumbs": [{"timestamp": 1764151200, "category": "%s", "message": "%s"}]}}"""
                .formatted(script, img, img, script, project.project().id(), img, script, img, img, script, img)))
                .isEqualTo(200);
        browser.driver.get(browser.url("/projects/" + project.project().id() + "/issues"));
        browser.wait.until(d -> issueListText().contains("window.flytrapPwned=2"));
        assertThat(browser.driver.findElements(By.cssSelector("#issues img, #issues script"))).isEmpty();

        clickRow("window.flytrapPwned");
        browser.wait.until(d -> d.findElements(By.id("facets")).size() == 1 && d.findElements(By.id("frames")).size() == 1);
        String page = browser.bodyText();
        assertThat(page).as("every field shows the payload as text").contains(img).contains(script);
        assertThat(browser.js("return window.flytrapPwned === undefined")).as("no payload ran").isEqualTo(true);
        assertThat(browser.driver.findElements(By.cssSelector(
                "#frames img, #frames script, #facets img, #facets script, #breadcrumbs img, #breadcrumbs script, "
                        + "#event-metadata img, #event-metadata script, #event-message img, #issue-title img")))
                .as("no element was created from event data").isEmpty();
    }

    @Test
    void shouldNotOpenAnotherProjectsIssueList() throws Exception {
        var stranger = users.create("stranger-" + UUID.randomUUID() + "@example.com", password, Role.MEMBER);
        browser.signIn(stranger.email(), password);

        browser.driver.get(browser.url("/projects/" + project.project().id() + "/issues"));

        browser.wait.until(d -> browser.bodyText().contains("Could not navigate"));
        assertThat(browser.bodyText()).doesNotContain("Web shop");
        assertThat(browser.driver.findElements(By.id("issues"))).isEmpty();
    }
}
