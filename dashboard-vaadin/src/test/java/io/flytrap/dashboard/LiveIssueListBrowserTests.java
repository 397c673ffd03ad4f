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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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

    static final Path CHROMIUM = Path.of(System.getProperty("flytrap.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("flytrap.chromedriver", "/usr/bin/chromedriver"));
    /** Set -Dflytrap.screenshots=docs/screenshots to refresh the screenshots in the docs. */
    static final String SCREENSHOTS = System.getProperty("flytrap.screenshots", "target/screenshots");

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;

    WebDriver browser;
    WebDriverWait wait;
    String email;
    final String password = "a long test password";
    CreatedProject project;

    @BeforeEach
    void startBrowser() {
        assertThat(CHROMIUM).as("Chromium is needed for this test: apt-get install chromium chromium-driver").exists();
        assertThat(CHROMEDRIVER).as("ChromeDriver is needed for this test: apt-get install chromium-driver").exists();
        email = "browser-" + UUID.randomUUID() + "@example.com";
        var user = users.create(email, password, Role.MEMBER);
        project = projects.create(user.asCaller(), "Web shop", "javascript");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private void signIn() {
        browser.get(url("/login"));
        WebElement username = wait.until(d -> d.findElements(By.cssSelector("vaadin-login-form input[name='username']"))
                .stream().findFirst().orElse(null));
        username.sendKeys(email);
        browser.findElement(By.cssSelector("vaadin-login-form input[name='password']")).sendKeys(password);
        browser.findElement(By.cssSelector("vaadin-login-form vaadin-button[slot='submit']")).click();
        wait.until(d -> d.findElements(By.id("projects")).size() == 1);
    }

    private String issueListText() {
        return (String) js("const g = document.getElementById('issues'); return g ? g.innerText + ' ' + "
                + "Array.from(g.querySelectorAll('vaadin-grid-cell-content')).map(c => c.innerText).join(' ') : ''");
    }

    @Test
    void shouldShowANewIssueLiveWithoutReload() throws Exception {
        signIn();
        screenshot("projects");
        browser.findElement(By.id("projects")).click();
        wait.until(d -> String.valueOf(js("return document.body.innerText")).contains("Web shop"));
        browser.get(url("/projects/" + project.project().id() + "/issues"));
        wait.until(d -> d.findElements(By.id("no-issues")).size() == 1);
        screenshot("issue-list-empty");
        js("window.flytrapNoReload = true");
        assertThat(issueListText()).doesNotContain("ReferenceError");

        HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/api/errors")))
                .header("x-api-key", project.key().publicKey())
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"data": {"error": {"name": "ReferenceError", "message": "basket is not defined",
                                            "stack": "ReferenceError: basket is not defined\\n    at addToBasket (https://shop.example/app.js:42:7)"},
                                  "handled": false, "project_id": "%d", "browser": "Firefox 140", "os": "Linux"}}"""
                        .formatted(project.project().id()))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(200);

        wait.until(d -> issueListText().contains("ReferenceError: basket is not defined"));
        assertThat(js("return window.flytrapNoReload === true")).as("the page was not reloaded").isEqualTo(true);
        assertThat(issueListText()).contains("addToBasket");
        screenshot("issue-list-live");

        browser.findElements(By.cssSelector("#issues vaadin-grid-cell-content")).stream()
                .filter(cell -> cell.getText().contains("basket is not defined")).findFirst().orElseThrow().click();
        wait.until(d -> d.findElements(By.id("issue-title")).size() == 1);
        assertThat(browser.findElement(By.id("event-message")).getText()).isEqualTo("basket is not defined");
        assertThat(browser.findElement(By.id("frames")).getText()).contains("addToBasket at https://shop.example/app.js:42:7");
        assertThat(browser.findElement(By.id("event-metadata")).getText()).contains("Firefox 140").contains("Linux");
        screenshot("issue");
    }

    @Test
    void shouldShowEventTextAsTextNotMarkup() throws Exception {
        signIn();
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/api/errors")))
                .header("x-api-key", project.key().publicKey())
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"data": {"error": {"name": "Error", "message": "<img src=x onerror=window.flytrapPwned=1>"},
                                  "project_id": "%d"}}""".formatted(project.project().id()))).build(),
                HttpResponse.BodyHandlers.ofString());
        browser.get(url("/projects/" + project.project().id() + "/issues"));
        wait.until(d -> issueListText().contains("<img src=x onerror=window.flytrapPwned=1>"));

        assertThat(js("return window.flytrapPwned === undefined")).as("the payload did not run").isEqualTo(true);
        assertThat(browser.findElements(By.cssSelector("#issues img"))).isEmpty();
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of(SCREENSHOTS, name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
