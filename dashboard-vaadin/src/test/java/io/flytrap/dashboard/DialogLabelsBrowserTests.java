package io.flytrap.dashboard;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every dialog's field labels are readable in full on a laptop and on a phone (they were cut off with "…"),
 * the messages a person gets are sentences, and "last used" reads as a relative time.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesTestDatabase
class DialogLabelsBrowserTests {

    /** Labels of the open dialog whose text is cut off: wider than the box that shows it. */
    static final String TRUNCATED_LABELS = """
            const cut = [];
            for (const field of document.querySelectorAll('vaadin-dialog [has-label]')) {
              if (!field.checkVisibility()) { continue; }
              const part = field.shadowRoot && field.shadowRoot.querySelector('[part=label]');
              const label = field.querySelector('label[slot=label]');
              for (const box of [part, label]) {
                if (box && box.scrollWidth > box.clientWidth + 1) { cut.push(label ? label.textContent : field.localName); break; }
              }
            }
            return cut;""";

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    JdbcClient jdbc;

    BrowserSupport browser;
    final String password = "a long test password";
    String adminEmail;
    CreatedProject project;

    @BeforeEach
    void start() {
        adminEmail = "dialogs-" + UUID.randomUUID() + "@example.com";
        var admin = users.create(adminEmail, password, Role.ADMIN);
        project = projects.create(admin.asCaller(), "Dialogs", "node");
        browser = new BrowserSupport(port);
    }

    @AfterEach
    void stop() {
        browser.close();
    }

    private List<String> truncatedIn(String opener) {
        browser.click(By.id(opener));
        browser.wait.until(d -> d.findElements(By.cssSelector("vaadin-dialog[opened]")).size() == 1);
        browser.wait.until(d -> (Long) browser.js("return document.querySelectorAll('vaadin-dialog [has-label]').length") > 0);
        @SuppressWarnings("unchecked")
        List<String> cut = (List<String>) browser.js(TRUNCATED_LABELS);
        browser.js("document.querySelector('vaadin-dialog[opened]').opened = false");
        browser.wait.until(d -> d.findElements(By.cssSelector("vaadin-dialog[opened]")).isEmpty());
        return cut.stream().map(label -> opener + ": " + label).toList();
    }

    @Test
    void shouldShowEveryDialogLabelInFull() throws Exception {
        Map<String, List<String>> openers = Map.of(
                "/projects/" + project.project().id() + "/settings", List.of("new-key", "new-upload-token", "add-rule", "add-channel"),
                "/users", List.of("new-user"),
                "", List.of("new-project"));
        for (int[] size : new int[][]{{1440, 900}, {390, 844}}) {
            browser.viewport(size[0], size[1]);
            browser.signIn(adminEmail, password);
            List<String> cut = new ArrayList<>();
            for (var page : openers.entrySet()) {
                browser.driver.get(browser.url(page.getKey().isEmpty() ? "/" : page.getKey()));
                for (String opener : page.getValue()) {
                    cut.addAll(truncatedIn(opener));
                }
            }
            assertThat(cut).as("labels cut off at " + size[0] + "x" + size[1]).isEmpty();
            assertThat(browser.consoleErrors()).isEmpty();
            browser.driver.manage().deleteAllCookies();
        }
    }

    @Test
    void shouldSayInWordsWhatIsWrongWithANewUsersAddress() {
        browser.signIn(adminEmail, password);
        browser.driver.get(browser.url("/users"));
        browser.click(By.id("new-user"));
        browser.wait.until(d -> d.findElements(By.cssSelector("#new-user-email input")).size() == 1);
        browser.driver.findElement(By.cssSelector("#new-user-email input")).sendKeys("not-an-address");
        browser.click(By.id("create-user"));
        browser.wait.until(d -> browser.bodyText().contains("Enter an e-mail address like name@example.com."));
        assertThat(browser.bodyText()).doesNotContain("must be").doesNotContain("^");
        assertThat(jdbc.sql("select count(*) from users where email = 'not-an-address'").query(Long.class).single())
                .as("nobody created").isZero();
    }

    @Test
    void shouldShowWhenATokenWasLastUsedAsARelativeTime() {
        long owner = users.findCredentials(adminEmail).orElseThrow().user().id();
        var used = tokens.issue(owner, "Deploys");
        var old = tokens.issue(owner, "Old script");
        tokens.issue(owner, "Never used");
        assertThat(tokens.authenticate(used.token())).isPresent();
        jdbc.sql("update api_tokens set last_used_at = now() - interval '3 days' where id = ?").param(old.id()).update();

        browser.signIn(adminEmail, password);
        browser.driver.get(browser.url("/tokens"));
        browser.wait.until(d -> browser.bodyText().contains("Never used"));
        String text = browser.bodyText();
        assertThat(text).contains("just now").contains("3 d ago").contains("never");
        assertThat(text).as("no raw timestamp like 2026-12-06T19:58:16.123Z").doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T\\d");
    }
}
