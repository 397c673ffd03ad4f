package io.flytrap.dashboard;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Debian's headless Chromium driven through ChromeDriver, for the dashboard's browser tests. */
public final class BrowserSupport implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("flytrap.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("flytrap.chromedriver", "/usr/bin/chromedriver"));
    /** Set -Dflytrap.screenshots=../docs/screenshots to refresh the screenshots in the docs. */
    static final String SCREENSHOTS = System.getProperty("flytrap.screenshots", "target/screenshots");

    public final WebDriver driver;
    public final WebDriverWait wait;
    private final int port;

    public BrowserSupport(int port) {
        assertThat(CHROMIUM).as("Chromium is needed: apt-get install chromium chromium-driver (test.sh does)").exists();
        assertThat(CHROMEDRIVER).as("ChromeDriver is needed: apt-get install chromium-driver (test.sh does)").exists();
        this.port = port;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900");
        // the browser console's messages, so tests can say a page logged no errors
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        driver = new ChromeDriver(service, options);
        // Vaadin re-renders parts of a page on the server's word: an element found a moment ago may be gone
        wait = (WebDriverWait) new WebDriverWait(driver, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class);
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    public Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Clicks an element after scrolling it into the middle of the window (lists grow as tests share a database). */
    public void click(By locator) {
        WebElement element = wait.until(d -> d.findElements(locator).stream().findFirst().orElse(null));
        js("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    /** The inner size of the window, e.g. 1440x900 for a laptop and 390x844 for a phone. */
    public void viewport(int width, int height) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
        long innerWidth = ((Number) js("return window.innerWidth")).longValue();
        long innerHeight = ((Number) js("return window.innerHeight")).longValue();
        // headless Chromium's window has no frame, but be exact where a frame exists
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(2 * width - (int) innerWidth,
                2 * height - (int) innerHeight));
    }

    /** What the operating system's appearance setting says: "light" or "dark" (DevTools emulation). */
    public void prefersColorScheme(String scheme) {
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features",
                java.util.List.of(java.util.Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** Console messages at error level since the last call (Chromium hands each out once). */
    public java.util.List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(entry -> entry.getMessage()).toList();
    }

    public String bodyText() {
        return String.valueOf(js("return document.body.innerText"));
    }

    /** Signs in through the login form and waits for the projects page. */
    public void signIn(String email, String password) {
        driver.get(url("/login"));
        WebElement username = wait.until(d -> d.findElements(By.cssSelector("vaadin-login-form input[name='username']"))
                .stream().findFirst().orElse(null));
        username.sendKeys(email);
        driver.findElement(By.cssSelector("vaadin-login-form input[name='password']")).sendKeys(password);
        driver.findElement(By.cssSelector("vaadin-login-form vaadin-button[slot='submit']")).click();
        wait.until(d -> d.findElements(By.id("projects")).size() + d.findElements(By.id("new-project")).size() > 0);
    }

    public void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path target = Path.of(SCREENSHOTS, name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
