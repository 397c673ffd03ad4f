package io.flytrap.dashboard.setup;

import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.BrowserSupport;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The first-run form: only with the one-time token from the log, only while no administrator exists. */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.enabled=false")
@UsesTestDatabase
class SetupBrowserTests {

    @LocalServerPort
    int port;
    @Autowired
    SetupToken setupToken;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;

    BrowserSupport browser;

    @BeforeEach
    void freshInstall() {
        jdbc.sql("delete from users where role = 'admin'").update();
        browser = new BrowserSupport(port);
    }

    @AfterEach
    void stopBrowser() {
        browser.close();
    }

    private void openSetup(String token) {
        browser.driver.get(browser.url("/setup?token=" + token));
    }

    @Test
    void shouldRefuseTheFormWithoutTheTokenFromTheLog() {
        openSetup("guessed-token");

        browser.wait.until(d -> d.getCurrentUrl().contains("/login"));
        assertThat(browser.driver.findElements(By.id("create-admin"))).isEmpty();
        assertThat(users.adminExists()).isFalse();
    }

    @Test
    void shouldCreateTheFirstAdministratorWhoCanThenSignIn() throws Exception {
        String email = "first-admin-" + UUID.randomUUID() + "@example.com";
        String password = "the first admin's password";
        openSetup(setupToken.value());
        browser.wait.until(d -> d.findElements(By.id("create-admin")).size() == 1);
        browser.screenshot("setup");

        browser.driver.findElement(By.cssSelector("vaadin-email-field input")).sendKeys(email);
        List<WebElement> passwords = browser.driver.findElements(By.cssSelector("vaadin-password-field input"));
        passwords.get(0).sendKeys(password);
        passwords.get(1).sendKeys(password);
        browser.driver.findElement(By.id("create-admin")).click();

        browser.wait.until(d -> d.getCurrentUrl().contains("/login"));
        assertThat(users.authenticate(email, password)).get()
                .satisfies(user -> assertThat(user.role()).isEqualTo(Role.ADMIN));
        browser.signIn(email, password);
        assertThat(browser.driver.findElements(By.id("new-project"))).hasSize(1);

        openSetup(setupToken.value());
        browser.wait.until(d -> d.getCurrentUrl().contains("/login"));
        assertThat(browser.driver.findElements(By.id("create-admin"))).as("the form is gone once an admin exists").isEmpty();
    }

    @Test
    void shouldRefuseMismatchedPasswordsAndCreateNobody() {
        openSetup(setupToken.value());
        browser.wait.until(d -> d.findElements(By.id("create-admin")).size() == 1);

        browser.driver.findElement(By.cssSelector("vaadin-email-field input")).sendKeys("x-" + UUID.randomUUID() + "@example.com");
        List<WebElement> passwords = browser.driver.findElements(By.cssSelector("vaadin-password-field input"));
        passwords.get(0).sendKeys("one long password");
        passwords.get(1).sendKeys("another long password");
        browser.driver.findElement(By.id("create-admin")).click();

        browser.wait.until(d -> browser.bodyText().contains("The passwords differ."));
        assertThat(users.adminExists()).isFalse();
    }
}
