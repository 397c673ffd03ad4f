package io.flytrap.dashboard.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectMemberService;
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
import static org.awaitility.Awaitility.await;

/**
 * #22 item 7 (assign, links) in headless Chromium: "Assign to me" on the issue page, the list's "Assigned to me"
 * switch and assignee initials, "Create in tracker" filled in from the project's template, and "Link existing"
 * refusing a javascript: address and showing an https one as a link.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.poll-interval=200ms")
@UsesTestDatabase
class AssigneeBrowserTests {

    static final String HOSTILE_TITLE = "price & tax=0 #1 /../?x";

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;
    @Autowired
    ProjectMemberService members;
    @Autowired
    IssueQueries issues;

    BrowserSupport browser;
    String email;
    String colleagueEmail;
    final String password = "a long test password";
    Caller owner;
    Caller admin;
    CreatedProject project;

    @BeforeEach
    void projectAndBrowser() {
        email = "ann.lee-" + UUID.randomUUID() + "@example.com";
        owner = users.create(email, password, Role.MEMBER).asCaller();
        colleagueEmail = "bob-" + UUID.randomUUID() + "@example.com";
        users.create(colleagueEmail, password, Role.MEMBER);
        admin = users.create("admin-" + UUID.randomUUID() + "@example.com", password, Role.ADMIN).asCaller();
        project = projects.create(owner, "Assign shop", "javascript");
        members.add(admin, project.project().id(), colleagueEmail);
        projects.updateTrackerTemplate(admin, project.project().id(),
                "https://github.com/acme/shop/issues/new?title={title}&body={url}");
        browser = new BrowserSupport(port);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private void postError(String type, String message) throws Exception {
        String json = """
                {"data": {"error": {"name": "%s", "message": "%s", "stack": "%s: %s\\n    at checkout (https://shop.example/app.js:1:1)"},
                          "project_id": "%d"}}""".formatted(type, message, type, message, project.project().id());
        int status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(browser.url("/api/errors")))
                .header("x-api-key", project.key().publicKey())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        assertThat(status).isEqualTo(200);
    }

    private String total() {
        List<WebElement> total = browser.driver.findElements(By.id("issue-total"));
        return total.isEmpty() ? "" : total.getFirst().getText();
    }

    private String inputValue(String id) {
        return String.valueOf(browser.js("const i = document.querySelector('#' + arguments[0] + ' input'); return i ? i.value : ''", id));
    }

    @Test
    void shouldAssignFromTheIssuePageFilterAssignedToMeAndLinkATracker() throws Exception {
        postError("TypeError", HOSTILE_TITLE);
        postError("RangeError", "invalid length");
        long projectId = project.project().id();
        await().until(() -> issues.count(owner, projectId, IssueFilter.all()) == 2);
        IssueSummary typeError = issues.search(owner, projectId, IssueFilter.of("TypeError", null, null), 0, 1).getFirst();
        browser.signIn(email, password);

        browser.driver.get(browser.url("/issues/" + typeError.id()));
        browser.click(By.id("assign-to-me"));
        browser.wait.until(d -> inputValue("issue-assignee").contains(email));
        assertThat(issues.get(owner, typeError.id()).assigneeEmail()).isEqualTo(email);
        assertThat(browser.driver.findElements(By.id("assign-to-me"))).as("already mine").allMatch(b -> !b.isDisplayed());

        WebElement create = browser.driver.findElement(By.id("create-in-tracker"));
        String href = create.getAttribute("href");
        assertThat(href).startsWith("https://github.com/acme/shop/issues/new?title=TypeError%3A%20price%20%26%20tax%3D0%20%231%20%2F..%2F%3Fx&body=")
                .endsWith("%2Fissues%2F" + typeError.id());
        assertThat(URI.create(href).getRawQuery().split("&")).as("the title adds no parameter").hasSize(2);
        assertThat(create.getAttribute("rel")).contains("noopener");
        assertThat(create.getAttribute("target")).isEqualTo("_blank");

        WebElement field = browser.driver.findElement(By.cssSelector("#tracker-link-field input"));
        field.sendKeys("javascript:alert(document.cookie)");
        browser.click(By.id("tracker-link-save"));
        browser.wait.until(d -> String.valueOf(browser.js("const m = document.querySelector('#tracker-link-field [slot=error-message]');"
                + " return m ? m.textContent : ''")).contains("must start with http:// or https://"));
        assertThat(browser.driver.findElement(By.id("tracker-link-field")).getAttribute("invalid")).isNotNull();
        assertThat(browser.driver.findElements(By.id("tracker-link"))).isEmpty();
        field = browser.driver.findElement(By.cssSelector("#tracker-link-field input"));
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, "https://github.com/acme/shop/issues/12");
        browser.click(By.id("tracker-link-save"));
        WebElement linked = browser.wait.until(d -> d.findElements(By.id("tracker-link")).stream().findFirst().orElse(null));
        assertThat(linked.getAttribute("href")).isEqualTo("https://github.com/acme/shop/issues/12");
        assertThat(linked.getAttribute("rel")).contains("noopener");

        browser.driver.get(browser.url("/projects/" + projectId + "/issues"));
        browser.wait.until(d -> total().equals("2 issues"));
        assertThat(String.valueOf(browser.js("return Array.from(document.querySelectorAll('.assignee-initials'))"
                + ".map(e => e.textContent + ' ' + e.title).join('|')"))).isEqualTo("AL " + email);
        browser.click(By.cssSelector("#assigned-to-me input"));
        browser.wait.until(d -> total().equals("1 issue"));
        assertThat(URLDecoder.decode(browser.driver.getCurrentUrl(), StandardCharsets.UTF_8)).contains("q=is:unresolved assigned:me");
        assertThat(browser.bodyText()).contains(HOSTILE_TITLE).doesNotContain("invalid length");

        browser.driver.navigate().refresh(); // the filter is in the URL, and the switch reads it back
        browser.wait.until(d -> total().equals("1 issue"));
        assertThat(browser.js("return document.querySelector('#assigned-to-me').checked")).isEqualTo(true);
        browser.click(By.cssSelector("#assigned-to-me input"));
        browser.wait.until(d -> total().equals("2 issues"));
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
