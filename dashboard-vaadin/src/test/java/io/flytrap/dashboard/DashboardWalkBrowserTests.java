package io.flytrap.dashboard;

import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueSummary;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #22's "done when": the dashboard walked as a user walks it, in headless Chromium at a laptop's 1440×900 and
 * a phone's 390×844 — sign-in, projects, the issue list (filter, search, select, bulk resolve), the issue page and
 * its tabs, project settings, users, releases, the account — with no console errors and no horizontal scrolling on
 * any step (neither the page's nor an element sticking out of the window outside a scrolling box).
 * <p>
 * Each step is a named entry of {@link #steps()}: add one there and it is walked at both sizes. With
 * {@code -Dflytrap.screenshots.update=true} every step writes {@code docs/screenshots/<name>-desktop.png} and
 * {@code <name>-phone.png}; without it the walk and its assertions run all the same.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.poll-interval=200ms")
@UsesTestDatabase
class DashboardWalkBrowserTests {

    static final boolean UPDATE_SCREENSHOTS = Boolean.getBoolean("flytrap.screenshots.update");
    /** From the dashboard module, where Maven runs the tests. */
    static final Path SCREENSHOTS = Path.of("..", "docs", "screenshots");

    /** Elements whose right edge is past the window and that no scrolling or clipping box holds. */
    static final String OVERFLOW = """
            // a grid scrolls its columns inside itself (with its own scrollbar): its cells are not the page's width
            const clipped = el => { for (let p = el.parentElement; p; p = p.parentElement) {
                if (p.tagName === 'VAADIN-GRID' || getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
            const named = el => { let a = el; while (a && !a.id) a = a.parentElement;
                return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '')
                       + (a && a !== el ? ' in #' + a.id : ''); };
            const out = [];
            for (const el of document.querySelectorAll('body *')) {
              const r = el.getBoundingClientRect();
              if (r.width === 0 || r.height === 0 || r.right <= innerWidth + 1 || r.left >= innerWidth) continue;
              if (clipped(el)) continue;
              out.push(named(el) + ' right=' + Math.round(r.right));
              if (out.length >= 5) break;
            }
            const page = document.scrollingElement;
            if (page.scrollWidth > innerWidth) out.unshift('page scrollWidth ' + page.scrollWidth + ' > ' + innerWidth);
            return out;""";

    record Size(String name, int width, int height) {
    }

    /** One thing a user does, named for its screenshot. */
    record Step(String name, StepAction action) {
    }

    @FunctionalInterface
    interface StepAction {
        void run(Walk walk) throws Exception;
    }

    /** What a step works with: the browser, and the project of this walk (each size walks its own). */
    record Walk(BrowserSupport browser, long projectId, long issueId, String email, String password, boolean phone) {
        void open(String path, By readyWhen) {
            browser.driver.get(browser.url(path));
            waitFor(readyWhen);
        }

        void waitFor(By locator) {
            browser.wait.until(d -> !d.findElements(locator).isEmpty() && d.findElements(locator).getFirst().isDisplayed());
        }

        String total() {
            return browser.driver.findElement(By.id("issue-total")).getText();
        }
    }

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
    final String password = "a long test password";
    io.flytrap.core.access.Caller admin;

    @BeforeEach
    void adminAndBrowser() {
        email = "walk-" + UUID.randomUUID() + "@example.com";
        admin = users.create(email, password, Role.ADMIN).asCaller();
        browser = new BrowserSupport(port);
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.close();
        }
    }

    /** The walk, in order. Add a step here to walk and check (and screenshot) it at both sizes. */
    static List<Step> steps() {
        return List.of(
                new Step("sign-in", walk -> {
                    walk.browser().driver.manage().deleteAllCookies();
                    walk.open("/login", By.cssSelector("vaadin-login-form"));
                    // a new user on this device: the filters collapsed, the system's colour scheme
                    walk.browser().js("localStorage.clear()");
                }),
                new Step("projects", walk -> {
                    walk.browser().signIn(walk.email(), walk.password());
                    walk.waitFor(By.id("project-" + walk.projectId()));
                }),
                new Step("issue-list", walk -> {
                    walk.open("/projects/" + walk.projectId() + "/issues", By.cssSelector("#issues .issue-title"));
                    walk.browser().wait.until(d -> walk.total().equals("6 issues"));
                }),
                new Step("issue-list-filtered", walk -> {
                    // the browser remembers whether the filters were open
                    if (walk.browser().driver.findElements(By.id("period-filter")).stream().noneMatch(e -> e.isDisplayed())) {
                        walk.browser().click(By.id("filters-toggle"));
                    }
                    walk.waitFor(By.id("period-filter"));
                    var search = walk.browser().driver.findElement(By.cssSelector("#search input"));
                    search.click();
                    search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
                    search.sendKeys("is:unresolved TypeError", Keys.ENTER);
                    walk.browser().wait.until(d -> walk.total().equals("4 issues"));
                    assertThat(walk.browser().driver.getCurrentUrl()).contains("TypeError");
                }),
                new Step("issue-list-selected", walk -> {
                    walk.browser().click(By.cssSelector("#select-page input"));
                    walk.waitFor(By.id("selected-count"));
                    walk.browser().wait.until(d -> d.findElement(By.id("selected-count")).getText().equals("4 selected"));
                }),
                new Step("issue-list-bulk-resolve", walk -> {
                    walk.browser().click(By.id("resolve-selected"));
                    walk.browser().wait.until(d -> walk.browser().bodyText().contains("Resolve 4 issues?"));
                }),
                new Step("issue-list-resolved", walk -> {
                    walk.browser().click(By.cssSelector("vaadin-confirm-dialog[opened] [slot='confirm-button']"));
                    walk.browser().wait.until(d -> walk.total().equals("0 issues"));
                    walk.waitFor(By.id("no-matches"));
                }),
                new Step("issue-list-shortcuts", walk -> {
                    walk.open("/projects/" + walk.projectId() + "/issues?q=", By.cssSelector("#issues .issue-title"));
                    walk.browser().js("document.activeElement && document.activeElement.blur()");
                    walk.browser().driver.findElement(By.tagName("body")).sendKeys("?");
                    walk.waitFor(By.id("keyboard-help"));
                }),
                new Step("issue", walk -> walk.open("/issues/" + walk.issueId(), By.id("issue-title"))),
                new Step("issue-assigned", walk -> {
                    walk.browser().click(By.id("assign-to-me"));
                    walk.browser().wait.until(d -> d.findElements(By.id("assign-to-me")).stream().noneMatch(e -> e.isDisplayed()));
                }),
                new Step("issue-activity", walk -> {
                    walk.browser().click(By.id("activity-tab"));
                    walk.browser().wait.until(d -> d.findElement(By.id("activity-timeline")).getText()
                            .contains("assigned it to " + walk.email()));
                    walk.browser().driver.findElement(By.cssSelector("#comment-text textarea"))
                            .sendKeys("Seen on the checkout page <b>only</b>, @" + walk.email().substring(0, walk.email().indexOf('@')));
                    walk.browser().click(By.id("add-comment"));
                    walk.browser().wait.until(d -> d.findElement(By.id("activity-timeline")).getText()
                            .contains("Seen on the checkout page <b>only</b>")); // shown as text, not markup
                }),
                new Step("issue-events", walk -> {
                    walk.browser().click(By.id("events-tab"));
                    walk.waitFor(By.id("event-list"));
                }),
                new Step("issue-raw-json", walk -> {
                    walk.browser().click(By.id("event-tab"));
                    walk.browser().click(By.cssSelector("#event-json-details vaadin-details-summary"));
                    walk.waitFor(By.id("event-json"));
                }),
                new Step("project-settings", walk -> {
                    walk.open("/projects/" + walk.projectId() + "/settings", By.id("keys"));
                    walk.waitFor(By.id("members"));
                    walk.browser().js("document.getElementById('alerts').scrollIntoView()");
                }),
                new Step("users", walk -> walk.open("/users", By.id("users"))),
                new Step("dead-letters", walk -> walk.open("/dead-letters", By.id("dead-letters"))),
                new Step("releases", walk -> walk.open("/projects/" + walk.projectId() + "/releases", By.id("releases"))),
                new Step("release", walk -> walk.open("/projects/" + walk.projectId() + "/release?version=shop%401.2.0",
                        By.id("release-version"))),
                new Step("issue-merged", walk -> {
                    // the bulk resolve left RangeError and SyntaxError unresolved: exactly the two to merge
                    walk.open("/projects/" + walk.projectId() + "/issues?q=is%3Aunresolved", By.cssSelector("#issues .issue-title"));
                    walk.browser().wait.until(d -> walk.total().equals("2 issues"));
                    walk.browser().js("""
                            Array.from(document.querySelectorAll('#issues vaadin-grid-cell-content vaadin-checkbox')).forEach(c => c.click());""");
                    walk.browser().wait.until(d -> d.findElement(By.id("selected-count")).getText().equals("2 selected"));
                    if (walk.phone()) {
                        // not offered on a phone (flytrap.css): the bar keeps to one line; merging is a desktop task
                        assertThat(walk.browser().driver.findElement(By.id("merge-selected")).isDisplayed()).isFalse();
                        return;
                    }
                    walk.browser().click(By.id("merge-selected"));
                    walk.browser().wait.until(d -> walk.browser().bodyText().contains("Merge 2 issues?"));
                    walk.browser().click(By.id("merge-confirm"));
                    walk.browser().wait.until(d -> walk.total().equals("1 issue"));
                    walk.browser().click(By.cssSelector("#issues .issue-title"));
                    walk.waitFor(By.id("merged-from-text"));
                    assertThat(walk.browser().driver.findElement(By.id("merged-from-text")).getText()).startsWith("Merged from 1 issue: ");
                }),
                new Step("issue-merge-undone", walk -> {
                    if (!walk.phone()) {
                        walk.browser().click(By.id("unmerge"));
                        walk.browser().wait.until(d -> d.findElements(By.id("merged-from-text")).isEmpty());
                    }
                    walk.open("/projects/" + walk.projectId() + "/issues?q=is%3Aunresolved", By.cssSelector("#issues .issue-title"));
                    walk.browser().wait.until(d -> walk.total().equals("2 issues"));
                }),
                new Step("issue-tracker-link", walk -> {
                    walk.open("/issues/" + walk.issueId(), By.id("create-in-tracker"));
                    var link = walk.browser().driver.findElement(By.id("create-in-tracker"));
                    String title = walk.browser().driver.findElement(By.id("issue-title")).getText();
                    // the title percent-encoded as a value (a space is %20), so it can add no parameter
                    String encoded = java.net.URLEncoder.encode(title, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
                    assertThat(link.getDomAttribute("href"))
                            .startsWith(walk.browser().url("/tracker/new?title=" + encoded + "&body="))
                            .endsWith("%2Fissues%2F" + walk.issueId());
                    assertThat(link.getDomAttribute("target")).isEqualTo("_blank");
                    assertThat(link.getDomAttribute("rel")).contains("noopener");
                }),
                new Step("account", walk -> walk.open("/account", By.id("current-password"))));
    }

    @Test
    void shouldWalkEveryViewOnALaptopAndAPhoneWithoutConsoleErrorsOrSidewaysScrolling() throws Exception {
        List<String> problems = new ArrayList<>();
        int walked = 0;
        for (Size size : List.of(new Size("desktop", 1440, 900), new Size("phone", 390, 844))) {
            Walk walk = walkFor(size);
            browser.viewport(size.width(), size.height());
            for (Step step : steps()) {
                String where = step.name() + " at " + size.width() + "x" + size.height();
                try {
                    step.action().run(walk);
                } catch (Exception | AssertionError failed) {
                    // go on: the other steps' screenshots and problems are worth having too
                    problems.add(where + ": failed: " + String.valueOf(failed.getMessage()).lines().findFirst().orElse(""));
                    continue;
                }
                walked++;
                // let Vaadin finish drawing what the step asked for before measuring
                browser.wait.until(d -> Boolean.TRUE.equals(browser.js(
                        "return !window.Vaadin || !Vaadin.Flow || Object.values(Vaadin.Flow.clients).every(c => !c.isActive())")));
                @SuppressWarnings("unchecked")
                List<String> overflow = (List<String>) browser.js(OVERFLOW);
                overflow.forEach(o -> problems.add(where + ": sticks out sideways: " + o));
                browser.consoleErrors().forEach(e -> problems.add(where + ": console error: " + e));
                if (UPDATE_SCREENSHOTS) {
                    screenshot(step.name() + "-" + size.name());
                }
            }
        }
        System.out.println("[walk] " + walked + " steps walked, problems: " + problems);
        assertThat(walked).isEqualTo(2 * steps().size());
        assertThat(problems).isEmpty();
    }

    /** A project with six issues (four TypeErrors, two in release shop@1.2.0) for one size's walk. */
    private Walk walkFor(Size size) throws Exception {
        CreatedProject project = projects.create(admin, "Shop " + size.name(), "javascript");
        long projectId = project.project().id();
        String[][] errors = {{"TypeError", "1.2.0"}, {"TypeError", "1.2.0"}, {"TypeError", "1.1.0"},
                {"TypeError", "1.1.0"}, {"RangeError", "1.1.0"}, {"SyntaxError", "1.1.0"}};
        for (int i = 0; i < errors.length; i++) {
            assertThat(postError(project, errors[i][0], errors[i][1], i)).isEqualTo(200);
        }
        browser.wait.until(d -> issues.count(admin, projectId, IssueFilter.all()) == errors.length);
        IssueSummary first = issues.search(admin, projectId, IssueFilter.all(), 0, 1).getFirst();
        // a tracker on this machine: the walk reads the link it makes and never leaves loopback
        projects.updateTrackerTemplate(admin, projectId, browser.url("/tracker/new?title={title}&body={url}"));
        return new Walk(browser, projectId, first.id(), email, password, size.width() < 600);
    }

    private int postError(CreatedProject project, String type, String release, int line) throws Exception {
        // a long file path, so that the issue page's frames have to wrap on a phone
        String json = """
                {"data": {"error": {"name": "%s", "message": "Cannot read properties of undefined (reading 'price')",
                          "stack": "%s: Cannot read properties of undefined\\n    at checkoutStep%d (https://shop.example/static/js/vendors-node_modules_checkout_payment_provider_fallback_index.chunk.js:%d:1)"},
                          "project_id": "%d", "level": "error", "release": "shop@%s", "environment": "production",
                          "user": {"id": "u-%d"}}}"""
                .formatted(type, type, line, line + 1, project.project().id(), release, line);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(browser.url("/api/errors")))
                .header("x-api-key", project.key().publicKey())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser.driver).getScreenshotAs(OutputType.BYTES));
    }
}
