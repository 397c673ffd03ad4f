package io.flytrap.dashboard.issues;

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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issue list's layout in headless Chromium at a laptop's 1440x900 and a phone's 390x844 (issue #22): every
 * column's header stands over its values. Measured with bounding rectangles of the text itself, not of the cells.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.poll-interval=200ms")
@UsesTestDatabase
class IssueListLayoutBrowserTests {

    static final int ISSUES = 24;

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

    @BeforeEach
    void startBrowser() throws Exception {
        email = "layout-" + UUID.randomUUID() + "@example.com";
        var user = users.create(email, password, Role.MEMBER);
        project = projects.create(user.asCaller(), "Layout shop", "javascript");
        browser = new BrowserSupport(port);
        for (int i = 0; i < ISSUES; i++) {
            // titles as long as real ones, so that they have to wrap or be cut on a phone
            assertThat(postError("TypeError", "Cannot read properties of undefined (reading 'price') in checkout step " + i, i))
                    .isEqualTo(200);
        }
        browser.signIn(email, password);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** @param line a stack line of its own, so that each error is an issue of its own (issues group by stack) */
    private int postError(String type, String message, int line) throws Exception {
        String json = """
                {"data": {"error": {"name": "%s", "message": "%s", "stack": "%s: %s\\n    at checkout%d (https://shop.example/app.js:%d:1)"},
                          "project_id": "%d", "level": "error", "environment": "production",
                          "user": {"id": "u-%s"}}}"""
                .formatted(type, message, type, message, line, line + 1, project.project().id(), UUID.randomUUID());
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(browser.url("/api/errors")))
                .header("x-api-key", project.key().publicKey())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** Opens the list at a size and waits until every issue arrived and the grid drew rows. */
    void openList(int width, int height) {
        browser.viewport(width, height);
        browser.driver.get(browser.url("/projects/" + project.project().id() + "/issues"));
        browser.wait.until(d -> {
            var total = d.findElements(org.openqa.selenium.By.id("issue-total"));
            return !total.isEmpty() && total.getFirst().getText().equals(ISSUES + " issues") && IssueListLayout.visibleRows(browser) > 0;
        });
    }

    @Test
    void shouldShowEveryColumnsHeaderOverItsValuesOnALaptopAndAPhone() {
        for (int[] size : List.of(new int[]{1440, 900}, new int[]{390, 844})) {
            openList(size[0], size[1]);
            List<String> misaligned = IssueListLayout.misalignedColumns(browser);
            System.err.println("[layout] " + size[0] + "x" + size[1] + ": " + IssueListLayout.measure(browser));
            // a phone shows the issue column alone (title over counts); a laptop all five
            assertThat(IssueListLayout.columnsMeasured(browser)).as("columns measured at %dx%d", size[0], size[1])
                    .isEqualTo(size[0] < 600 ? 1 : 5);
            assertThat(misaligned).as("columns whose values are not under their header at %dx%d", size[0], size[1]).isEmpty();
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void shouldFitManyRowsWithCollapsibleFiltersOnALaptopAndAPhone() {
        openList(1440, 900);
        Map<String, Object> laptop = IssueListLayout.measure(browser);
        System.out.println("[layout] dense 1440x900: " + laptop);
        assertThat(shown("period-filter")).as("filters collapsed at first").isFalse();
        assertThat(((Number) laptop.get("rows")).longValue()).as("whole rows in view at 1440x900").isGreaterThanOrEqualTo(15);

        openList(390, 844);
        Map<String, Object> phone = IssueListLayout.measure(browser);
        System.out.println("[layout] dense 390x844: " + phone);
        assertThat(shown("period-filter")).as("filters collapsed on a phone").isFalse();
        assertThat(((Number) phone.get("rows")).longValue()).as("whole rows in view at 390x844").isGreaterThanOrEqualTo(6);
        assertThat(((Number) phone.get("gridTop")).longValue()).as("space above the grid on a phone (it was over 717 px)").isLessThan(400);
        // the title is readable: most of the row's width, and not cut to one line
        assertThat(((Number) phone.get("titleWidth")).longValue()).isGreaterThan(250);
        assertThat(((Number) phone.get("titleLines")).longValue()).isBetween(1L, 2L);
        assertThat(IssueListLayout.firstTitle(browser)).startsWith("TypeError: Cannot read properties");

        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void shouldKeepBulkDeleteOnScreenOnAPhone() {
        openList(390, 844);
        browser.js("""
                Array.from(document.querySelectorAll('#issues vaadin-grid-cell-content vaadin-checkbox')).forEach(c => c.click());""");
        browser.wait.until(d -> Boolean.TRUE.equals(browser.js("return !document.getElementById('delete-selected').hasAttribute('disabled')")));
        @SuppressWarnings("unchecked")
        Map<String, Object> delete = (Map<String, Object>) browser.js("""
                const r = document.getElementById('delete-selected').getBoundingClientRect();
                return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};""");
        System.out.println("[layout] delete button at 390x844: " + delete);
        assertThat(((Number) delete.get("left")).doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(((Number) delete.get("right")).doubleValue()).as("Delete's right edge").isLessThanOrEqualTo(390);
        assertThat(((Number) delete.get("bottom")).doubleValue()).isLessThanOrEqualTo(844);
        browser.driver.findElement(By.id("delete-selected")).click(); // a real click: fails if something covers it
        browser.wait.until(d -> browser.bodyText().matches("(?s).*Delete \\d+ issues?\\?.*"));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    /** Collapsed controls are not sent to the browser at all, so not found is not shown. */
    private boolean shown(String id) {
        return browser.driver.findElements(By.id(id)).stream().anyMatch(org.openqa.selenium.WebElement::isDisplayed);
    }
}
