package io.flytrap.dashboard;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectKey;
import io.flytrap.core.projects.ProjectService;
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

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The project settings page in headless Chromium: keys, members and data handling, and who may open it. */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.poll-interval=200ms")
@UsesTestDatabase
class ProjectSettingsBrowserTests {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;
    @Autowired
    io.flytrap.core.sourcemaps.ArtifactService artifacts;
    @Autowired
    io.flytrap.core.users.ApiTokenService tokens;

    BrowserSupport browser;
    final String password = "a long test password";
    String email;
    CreatedProject project;
    io.flytrap.core.access.Caller owner;

    @BeforeEach
    void start() {
        email = "settings-" + UUID.randomUUID() + "@example.com";
        var user = users.create(email, password, Role.MEMBER);
        owner = user.asCaller();
        project = projects.create(owner, "Billing", "node");
        browser = new BrowserSupport(port);
    }

    @AfterEach
    void stop() {
        browser.close();
    }

    private void confirm() {
        browser.wait.until(d -> d.findElements(By.cssSelector("vaadin-confirm-dialog[opened]")).size() == 1);
        browser.js("document.querySelector('vaadin-confirm-dialog vaadin-button[slot=\"confirm-button\"]').click()");
    }

    @Test
    void shouldCreateAndRevokeKeysAndChangeDataHandling() throws Exception {
        browser.signIn(email, password);
        browser.driver.get(browser.url("/projects/" + project.project().id() + "/issues"));
        browser.wait.until(d -> d.findElements(By.id("project-settings")).size() == 1);
        browser.driver.findElement(By.id("project-settings")).click();
        browser.wait.until(d -> d.findElements(By.id("keys")).size() == 1);
        assertThat(browser.bodyText()).contains(project.key().publicKey()).contains(email);

        browser.driver.findElement(By.id("new-key")).click();
        browser.wait.until(d -> d.findElements(By.cssSelector("#key-label input")).size() == 1);
        browser.driver.findElement(By.cssSelector("#key-label input")).sendKeys("<b>Backend</b>");
        browser.driver.findElement(By.id("create-key")).click();
        browser.wait.until(d -> browser.bodyText().contains("<b>Backend</b>"));
        assertThat(browser.driver.findElements(By.cssSelector("#keys b"))).as("a label is text, not markup").isEmpty();
        ProjectKey created = projects.keys(owner, project.project().id())
                .getLast();
        browser.screenshot("project-settings");

        browser.driver.findElement(By.id("revoke-key-" + created.id())).click();
        confirm();
        browser.wait.until(d -> browser.bodyText().contains("revoked"));
        assertThat(projects.keys(owner, project.project().id()))
                .filteredOn(key -> key.id() == created.id()).singleElement().satisfies(key -> assertThat(key.active()).isFalse());

        browser.js("document.querySelector('#retention-days input').value = ''");
        browser.driver.findElement(By.cssSelector("#retention-days input")).sendKeys("30");
        browser.driver.findElement(By.id("scrub-ips")).click();
        browser.driver.findElement(By.id("save-data-settings")).click();
        browser.wait.until(d -> browser.bodyText().contains("Saved"));
        var settings = projects.settings(owner, project.project().id());
        assertThat(settings.retentionDays()).isEqualTo(30);
        assertThat(settings.scrubIpAddresses()).isTrue();
        assertThat(settings.scrubData()).as("untouched").isTrue();
        assertThat(browser.driver.findElements(By.id("add-member"))).as("members are an administrator's job").isEmpty();
    }

    /**
     * 5000 days is past the 3650-day limit: the field says so in words, and nothing is saved — not the retention,
     * and not the other settings changed in the same go. It must not be clamped to 3650, nor stored as 5000.
     */
    @Test
    void shouldRefuseARetentionPastItsLimitAndSaveNothing() throws Exception {
        int before = projects.settings(owner, project.project().id()).retentionDays();
        boolean scrubIpsBefore = projects.settings(owner, project.project().id()).scrubIpAddresses();
        for (int[] size : new int[][]{{1440, 900}, {390, 844}}) {
            browser.viewport(size[0], size[1]);
            browser.signIn(email, password);
            browser.driver.get(browser.url("/projects/" + project.project().id() + "/settings"));
            browser.wait.until(d -> d.findElements(By.cssSelector("#retention-days input")).size() == 1);
            browser.js("document.querySelector('#retention-days input').value = ''");
            browser.driver.findElement(By.cssSelector("#retention-days input")).sendKeys("5000");
            browser.click(By.id("scrub-ips"));
            browser.click(By.id("save-data-settings"));

            browser.wait.until(d -> browser.driver.findElement(By.id("retention-days")).getDomAttribute("invalid") != null);
            String error = String.valueOf(browser.js("return document.querySelector('#retention-days').errorMessage"));
            assertThat(error).isEqualTo("Enter a number of days from 1 to 3650 (about ten years).");
            assertThat((Boolean) browser.js("""
                    const e = document.querySelector('#retention-days [slot=error-message]');
                    return !!e && e.offsetWidth > 0 && e.scrollWidth <= e.clientWidth;""")).as("shown in full").isTrue();
            assertThat(browser.bodyText()).doesNotContain("Saved").doesNotContain("retentionDays");
            var after = projects.settings(owner, project.project().id());
            assertThat(after.retentionDays()).as("unchanged in the database").isEqualTo(before);
            assertThat(after.scrubIpAddresses()).as("nothing else saved either").isEqualTo(scrubIpsBefore);
            assertThat(browser.consoleErrors()).isEmpty();
            browser.driver.manage().deleteAllCookies();
        }
    }

    @Test
    void shouldListAndDeleteUploadedSourceMaps() throws Exception {
        // the smallest valid map: this test is about the page, symbolication is tested in core with real bundles
        var artifact = artifacts.upload(owner, project.project().id(), "1.4.2", null, "~/assets/checkout.min.js", "source_map",
                "{\"version\": 3, \"sources\": [\"a.js\"], \"names\": [], \"mappings\": \"AAAA\"}".getBytes());
        browser.signIn(email, password);
        browser.driver.get(browser.url("/projects/" + project.project().id() + "/settings"));
        browser.wait.until(d -> d.findElements(By.id("artifacts")).size() == 1 && browser.bodyText().contains("~/assets/checkout.min.js"));
        assertThat(browser.bodyText()).contains("1.4.2");

        browser.click(By.id("delete-artifact-" + artifact.id()));
        confirm();
        browser.wait.until(d -> !d.findElement(By.id("artifacts")).isDisplayed());
        assertThat(artifacts.list(owner, project.project().id(), null)).isEmpty();
    }

    @Test
    void shouldCreateAnUploadTokenShownOnceAndRevokeIt() throws Exception {
        browser.signIn(email, password);
        browser.driver.get(browser.url("/projects/" + project.project().id() + "/settings"));
        browser.click(By.id("new-upload-token"));
        browser.wait.until(d -> d.findElements(By.cssSelector("#upload-token-name input")).size() == 1);
        browser.driver.findElement(By.cssSelector("#upload-token-name input")).sendKeys("GitHub Actions");
        browser.click(By.id("create-upload-token"));
        browser.wait.until(d -> d.findElements(By.id("upload-token-value")).size() == 1);
        String token = browser.driver.findElement(By.id("upload-token-value")).getText();
        assertThat(tokens.authenticate(token)).get().satisfies(owner ->
                assertThat(owner.projectId()).isEqualTo(project.project().id()));

        var listed = tokens.listForProject(owner, project.project().id());
        assertThat(listed).singleElement().satisfies(info -> assertThat(info.name()).isEqualTo("GitHub Actions"));
        browser.driver.navigate().refresh();
        browser.click(By.id("revoke-token-" + listed.getFirst().id()));
        confirm();
        browser.wait.until(d -> !d.findElement(By.id("upload-tokens")).isDisplayed());
        assertThat(tokens.authenticate(token)).as("revoked").isEmpty();
    }

    @Test
    void shouldNotOpenAnotherProjectsSettings() {
        var stranger = users.create("stranger-" + UUID.randomUUID() + "@example.com", password, Role.MEMBER);
        browser.signIn(stranger.email(), password);

        browser.driver.get(browser.url("/projects/" + project.project().id() + "/settings"));

        browser.wait.until(d -> browser.bodyText().contains("Could not navigate"));
        assertThat(browser.bodyText()).doesNotContain("Billing").doesNotContain(project.key().publicKey());
    }
}
