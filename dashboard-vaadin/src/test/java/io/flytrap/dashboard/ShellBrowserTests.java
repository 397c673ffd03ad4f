package io.flytrap.dashboard;

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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every page shares, in headless Chromium: the favicon, light and dark (following the system, or the user's
 * choice), and the page a member gets for an administrator's page instead of a bare router error.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesTestDatabase
class ShellBrowserTests {

    /** Lumo's --lumo-base-color in each scheme, as the page background computes it. */
    static final String LIGHT_BACKGROUND = "rgb(255, 255, 255)";
    static final String DARK_BACKGROUND = "rgb(35, 51, 72)";

    @LocalServerPort
    int port;
    @Autowired
    UserService users;

    BrowserSupport browser;
    final String password = "a long test password";
    String email;

    @BeforeEach
    void start() {
        email = "shell-" + UUID.randomUUID() + "@example.com";
        users.create(email, password, Role.MEMBER);
        browser = new BrowserSupport(port);
    }

    @AfterEach
    void stop() {
        browser.close();
    }

    private String background() {
        return String.valueOf(browser.js("return getComputedStyle(document.documentElement).backgroundColor"));
    }

    private void choose(String label) {
        browser.click(By.id("color-scheme"));
        browser.wait.until(d -> (Boolean) browser.js("""
                const item = [...document.querySelectorAll('vaadin-select-item')]
                    .find(i => i.textContent.trim() === arguments[0] && i.checkVisibility());
                if (item) { item.click(); }
                return !!item;""", label));
    }

    @Test
    void shouldServeTheFaviconAndLinkItFromEveryPage() throws Exception {
        browser.driver.get(browser.url("/login"));
        browser.wait.until(d -> d.findElements(By.cssSelector("vaadin-login-form")).size() == 1);
        String href = String.valueOf(browser.js("return document.querySelector('link[rel=icon]').href"));
        assertThat(href).isEqualTo(browser.url("/icons/flytrap.svg"));
        assertThat(browser.js("return document.querySelector('link[rel=icon]').type")).isEqualTo("image/svg+xml");

        // signed out, as a browser fetches it for the sign-in page
        HttpResponse<String> icon = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(href)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("content-type")).get().asString().startsWith("image/svg+xml");
        assertThat(icon.body()).contains("<svg").contains("Flytrap");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void shouldFollowTheSystemColorSchemeUntilTheUserChoosesOne() throws Exception {
        for (int[] size : new int[][]{{1440, 900}, {390, 844}}) {
            browser.viewport(size[0], size[1]);
            browser.prefersColorScheme("dark");
            browser.signIn(email, password);
            assertThat(background()).as("system dark, nothing chosen").isEqualTo(DARK_BACKGROUND);
            browser.prefersColorScheme("light");
            browser.wait.until(d -> background().equals(LIGHT_BACKGROUND));

            assertThat(browser.driver.findElement(By.id("color-scheme")).isDisplayed()).isTrue();
            assertThat((Boolean) browser.js("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("the navbar fits at " + size[0] + " px").isTrue();
            assertThat((Boolean) browser.js("""
                    const r = document.getElementById('color-scheme').getBoundingClientRect();
                    return r.left >= 0 && r.right <= window.innerWidth;""")).as("the switch is on screen").isTrue();

            choose("Dark");
            browser.wait.until(d -> background().equals(DARK_BACKGROUND));
            browser.screenshot("dark-" + size[0]);
            browser.driver.navigate().refresh();
            browser.wait.until(d -> d.findElements(By.id("color-scheme")).size() == 1);
            assertThat(background()).as("the choice outlives a reload, while the system says light").isEqualTo(DARK_BACKGROUND);

            choose("Match system");
            browser.wait.until(d -> background().equals(LIGHT_BACKGROUND));
            browser.prefersColorScheme("dark");
            browser.wait.until(d -> background().equals(DARK_BACKGROUND));
            browser.driver.navigate().refresh();
            browser.prefersColorScheme("light");
            browser.wait.until(d -> d.findElements(By.id("color-scheme")).size() == 1);
            assertThat(background()).as("no choice left behind: the system's light").isEqualTo(LIGHT_BACKGROUND);
            assertThat(browser.consoleErrors()).isEmpty();
            browser.driver.manage().deleteAllCookies();
        }
    }

    @Test
    void shouldTellAMemberTheyAreNotAllowedOnTheUsersPage() throws Exception {
        for (int[] size : new int[][]{{1440, 900}, {390, 844}}) {
            browser.viewport(size[0], size[1]);
            browser.signIn(email, password);
            browser.driver.get(browser.url("/users"));
            browser.wait.until(d -> d.findElements(By.id("access-denied")).size() == 1);

            assertThat(browser.bodyText()).contains("You are not allowed to open this page")
                    .doesNotContain("Could not navigate").doesNotContain("New user");
            assertThat(browser.driver.findElements(By.id("users"))).as("no user list").isEmpty();
            browser.screenshot("not-allowed-" + size[0]);

            browser.click(By.linkText("Back to your projects"));
            browser.wait.until(d -> d.findElements(By.id("projects")).size() + d.findElements(By.id("new-project")).size() > 0);
            assertThat(browser.consoleErrors()).isEmpty();
            browser.driver.manage().deleteAllCookies();
        }
    }
}
