package io.flytrap.dashboard.users;

import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.BrowserSupport;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user changes their password in one browser: their session elsewhere (a shared computer, a stolen cookie)
 * ends, the one they changed it in goes on.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.enabled=false")
@UsesTestDatabase
class PasswordChangeSessionsBrowserTests {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;

    @Test
    void shouldEndTheUsersOtherSessionsWhenTheyChangeTheirPassword() {
        String email = "two-sessions-" + UUID.randomUUID() + "@example.com";
        users.create(email, "my first long password", Role.MEMBER);
        try (BrowserSupport here = new BrowserSupport(port); BrowserSupport elsewhere = new BrowserSupport(port)) {
            here.signIn(email, "my first long password");
            elsewhere.signIn(email, "my first long password");

            here.driver.get(here.url("/account"));
            fill(here, "current-password", "my first long password");
            fill(here, "new-password", "my second long password");
            fill(here, "repeat-password", "my second long password");
            here.click(By.id("change-password"));
            here.wait.until(d -> here.bodyText().contains("Password changed"));

            elsewhere.driver.get(elsewhere.url("/"));
            elsewhere.wait.until(d -> d.getCurrentUrl().contains("/login") || elsewhere.bodyText().toLowerCase().contains("expired"));
            assertThat(elsewhere.driver.findElements(By.id("new-project"))).as("the other session ended").isEmpty();

            here.driver.get(here.url("/"));
            here.wait.until(d -> d.findElements(By.id("projects")).size() + d.findElements(By.id("new-project")).size() > 0);
            assertThat(here.driver.getCurrentUrl()).as("the session that changed it goes on").doesNotContain("/login");
        }
    }

    private static void fill(BrowserSupport browser, String id, String value) {
        browser.wait.until(d -> d.findElements(By.cssSelector("#" + id + " input")).stream().findFirst().orElse(null))
                .sendKeys(value);
    }
}
