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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issue search in headless Chromium: typing a query with the keyboard, suggestions of keys and of the
 * project's values, the canonical query in the URL, the parse error under the field, the empty result with its
 * "Clear search", and the level shortcut showing level names.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.poll-interval=200ms")
@UsesTestDatabase
class IssueSearchBrowserTests {

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
    void startBrowser() {
        email = "search-" + UUID.randomUUID() + "@example.com";
        var user = users.create(email, password, Role.MEMBER);
        project = projects.create(user.asCaller(), "Search shop", "javascript");
        browser = new BrowserSupport(port);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private int postError(String type, String message, String level, String release, String extra) throws Exception {
        String json = """
                {"data": {"error": {"name": "%s", "message": "%s", "stack": "%s: %s\\n    at checkout (https://shop.example/app.js:1:1)"},
                          "project_id": "%d", "level": "%s", "release": "%s", "environment": "production" %s}}"""
                .formatted(type, message, type, message, project.project().id(), level, release, extra);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(browser.url("/api/errors")))
                .header("x-api-key", project.key().publicKey())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private String total() {
        List<WebElement> total = browser.driver.findElements(By.id("issue-total"));
        return total.isEmpty() ? "" : total.getFirst().getText();
    }

    private WebElement input() {
        return browser.driver.findElement(By.cssSelector("#search input"));
    }

    private String fieldValue() {
        // the input's text: the combo box's own value is its key of the chosen item
        return String.valueOf(browser.js("return document.querySelector('#search input').value"));
    }

    /** Replaces what the field holds by typing, as a user would. */
    private void type(String text, CharSequence... more) {
        WebElement input = input();
        input.click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        input.sendKeys(text);
        if (more.length > 0) {
            input.sendKeys(more);
        }
    }

    /** The dropdown's suggestions as shown: the token each completes. */
    private List<String> suggestions() {
        @SuppressWarnings("unchecked")
        List<String> shown = (List<String>) browser.js("""
                return Array.from(document.querySelectorAll('vaadin-combo-box-item'))
                    .filter(i => i.offsetParent !== null).map(i => i.innerText.trim());""");
        return shown;
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

    private String decodedUrl() {
        return URLDecoder.decode(browser.driver.getCurrentUrl(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldSearchWithTheQueryLanguageSuggestionsAndClear() throws Exception {
        assertThat(postError("TypeError", "price is undefined", "error", "1.0",
                ", \"tags\": {\"customer\": \"acme\"}, \"user\": {\"email\": \"ann@example.com\"}")).isEqualTo(200);
        assertThat(postError("RangeError", "invalid length", "warning", "1.0", "")).isEqualTo(200);
        assertThat(postError("SyntaxError", "unexpected token", "error", "1.1", ", \"tags\": {\"customer\": \"globex\"}")).isEqualTo(200);
        browser.signIn(email, password);
        String list = browser.url("/projects/" + project.project().id() + "/issues");
        browser.driver.get(list);
        browser.wait.until(d -> total().equals("3 issues"));
        assertThat(fieldValue()).as("the default search, written out").isEqualTo("is:unresolved");

        // keys are suggested as they are typed; the keyboard takes one, then a value of the project's data
        type("is:unresolved cust");
        browser.wait.until(d -> suggestions().contains("customer:"));
        input().sendKeys(Keys.ARROW_DOWN, Keys.ENTER);
        browser.wait.until(d -> fieldValue().equals("is:unresolved customer:"));
        assertThat(total()).as("a key alone does not search yet").isEqualTo("3 issues");
        input().sendKeys("ac");
        browser.wait.until(d -> suggestions().equals(List.of("customer:acme")));
        input().sendKeys(Keys.ARROW_DOWN, Keys.ENTER);
        browser.wait.until(d -> total().equals("1 issue"));
        browser.wait.until(d -> decodedUrl().contains("q=is:unresolved customer:acme"));
        browser.screenshot("issue-search-suggestions");

        // a whole query typed at once: filters, negation, user fields and free text
        type("!level:warning user.email:ann@example.com price", Keys.ENTER);
        browser.wait.until(d -> total().equals("1 issue") && decodedUrl().contains("q=!level:warning user.email:ann@example.com price"));
        browser.wait.until(d -> visibleRows().contains("TypeError: price is undefined"));
        type("level:error !customer:acme", Keys.ENTER);
        browser.wait.until(d -> total().equals("1 issue") && visibleRows().contains("SyntaxError: unexpected token"));
        assertThat(visibleRows()).doesNotContain("TypeError");

        // a query that cannot be read says why under the field; the list stays as it was
        type("release:\"1.0", Keys.ENTER);
        browser.wait.until(d -> d.findElement(By.id("search-error")).isDisplayed());
        assertThat(browser.driver.findElement(By.id("search-error")).getText()).contains("Unterminated quote at position 9");
        assertThat(total()).isEqualTo("1 issue");

        // nothing matches: the page says which search, and offers to clear it
        type("level:fatal", Keys.ENTER);
        browser.wait.until(d -> total().equals("0 issues") && d.findElement(By.id("no-matches")).isDisplayed());
        assertThat(browser.driver.findElement(By.id("search-error")).isDisplayed()).as("the error went with the bad query").isFalse();
        assertThat(browser.driver.findElement(By.id("no-matches-text")).getText()).isEqualTo("No issues match “level:fatal”.");
        browser.screenshot("issue-search-no-matches");
        browser.click(By.id("clear-search"));
        browser.wait.until(d -> total().equals("3 issues"));
        assertThat(fieldValue()).isEmpty();
        assertThat(browser.driver.findElement(By.id("no-matches")).isDisplayed()).isFalse();
        // the empty search is kept in the URL as such (not the default is:unresolved), also over a reload
        browser.wait.until(d -> d.getCurrentUrl().endsWith("?q=") || d.getCurrentUrl().endsWith("?q"));
        browser.driver.navigate().refresh();
        browser.wait.until(d -> total().equals("3 issues"));
        assertThat(fieldValue()).isEmpty();

        // the level shortcut edits the query and shows the levels by name
        browser.driver.get(list + "?q=" + java.net.URLEncoder.encode("level:[error,warning] is:unresolved", StandardCharsets.UTF_8));
        browser.wait.until(d -> total().equals("3 issues"));
        browser.click(By.id("filters-toggle")); // the shortcuts are collapsed at first
        browser.wait.until(d -> d.findElement(By.id("level-filter")).isDisplayed());
        @SuppressWarnings("unchecked")
        List<String> chips = (List<String>) browser.js("""
                return Array.from(document.querySelectorAll('#level-filter vaadin-multi-select-combo-box-chip'))
                    .filter(c => c.offsetParent !== null && c.slot !== 'overflow').map(c => c.label);""");
        assertThat(chips).containsExactlyInAnyOrder("Error", "Warning");
        assertThat(browser.js("""
                const o = document.querySelector('#level-filter vaadin-multi-select-combo-box-chip[slot=overflow]');
                return o === null || o.hasAttribute('hidden') || o.offsetParent === null;""")).as("no count chip").isEqualTo(true);
        browser.screenshot("issue-search-levels");
    }
}
