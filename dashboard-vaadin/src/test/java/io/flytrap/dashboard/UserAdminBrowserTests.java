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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An administrator in one browser creates a user, hands over the one-time password, gives them a project and
 * later disables them; the user, in another browser, signs in, sees the project, changes the password, and
 * loses the session the moment they are disabled.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.poll-interval=200ms")
@UsesTestDatabase
class UserAdminBrowserTests {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;

    BrowserSupport adminBrowser;
    BrowserSupport userBrowser;
    final String password = "a long test password";
    String adminEmail;
    CreatedProject project;

    @BeforeEach
    void start() {
        adminEmail = "admin-" + UUID.randomUUID() + "@example.com";
        var admin = users.create(adminEmail, password, Role.ADMIN);
        project = projects.create(admin.asCaller(), "Payments " + UUID.randomUUID().toString().substring(0, 8), "java");
        adminBrowser = new BrowserSupport(port);
        userBrowser = new BrowserSupport(port);
    }

    @AfterEach
    void stop() {
        adminBrowser.close();
        userBrowser.close();
    }

    @Test
    void shouldCreateAssignAndDisableAUser() throws Exception {
        String email = "new-" + UUID.randomUUID() + "@example.com";
        adminBrowser.signIn(adminEmail, password);
        adminBrowser.driver.get(adminBrowser.url("/users"));
        adminBrowser.wait.until(d -> d.findElements(By.id("new-user")).size() == 1);
        adminBrowser.driver.findElement(By.id("new-user")).click();
        adminBrowser.wait.until(d -> d.findElements(By.cssSelector("#new-user-email input")).size() == 1);
        adminBrowser.driver.findElement(By.cssSelector("#new-user-email input")).sendKeys(email);
        adminBrowser.driver.findElement(By.id("create-user")).click();
        adminBrowser.wait.until(d -> d.findElements(By.id("temporary-password")).size() == 1);
        String temporary = adminBrowser.driver.findElement(By.id("temporary-password")).getText();
        adminBrowser.driver.findElement(By.id("password-shown")).click();
        long userId = users.findCredentials(email).orElseThrow().user().id();

        // give them the project
        adminBrowser.click(By.id("user-projects-" + userId));
        adminBrowser.wait.until(d -> d.findElements(By.cssSelector("#user-project-choice vaadin-checkbox")).size() > 0);
        var box = adminBrowser.driver.findElements(By.cssSelector("#user-project-choice vaadin-checkbox")).stream()
                .filter(b -> b.getText().equals(project.project().name())).findFirst().orElseThrow();
        adminBrowser.js("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click()", box);
        adminBrowser.driver.findElement(By.id("save-user-projects")).click();
        adminBrowser.wait.until(d -> adminBrowser.bodyText().contains("Projects saved"));
        adminBrowser.screenshot("users");

        // the user signs in with the one-time password, sees the project, and picks their own password
        userBrowser.signIn(email, temporary);
        userBrowser.wait.until(d -> userBrowser.bodyText().contains(project.project().name()));
        assertThat(userBrowser.bodyText()).as("no Users menu for members").doesNotContain("Users");
        userBrowser.driver.get(userBrowser.url("/account"));
        userBrowser.wait.until(d -> d.findElements(By.cssSelector("#current-password input")).size() == 1);
        userBrowser.driver.findElement(By.cssSelector("#current-password input")).sendKeys(temporary);
        userBrowser.driver.findElement(By.cssSelector("#new-password input")).sendKeys("my own long password");
        userBrowser.driver.findElement(By.cssSelector("#repeat-password input")).sendKeys("my own long password");
        userBrowser.driver.findElement(By.id("change-password")).click();
        userBrowser.wait.until(d -> userBrowser.bodyText().contains("Password changed"));
        assertThat(users.authenticate(email, "my own long password")).isPresent();

        // a member cannot open the users page
        userBrowser.driver.get(userBrowser.url("/users"));
        userBrowser.wait.until(d -> d.findElements(By.id("access-denied")).size() == 1);
        assertThat(userBrowser.bodyText()).contains("You are not allowed to open this page");
        assertThat(userBrowser.driver.findElements(By.id("users"))).isEmpty();

        // disabled: the open session ends, and signing in again fails
        userBrowser.driver.get(userBrowser.url("/"));
        userBrowser.wait.until(d -> userBrowser.bodyText().contains(project.project().name()));
        adminBrowser.driver.navigate().refresh();
        adminBrowser.click(By.id("toggle-user-" + userId));
        adminBrowser.wait.until(d -> d.findElement(By.id("toggle-user-" + userId)).getText().equals("Enable"));

        userBrowser.driver.get(userBrowser.url("/"));
        userBrowser.wait.until(d -> d.getCurrentUrl().contains("/login")
                || userBrowser.bodyText().toLowerCase().contains("expired"));
        assertThat(userBrowser.bodyText()).doesNotContain(project.project().name());
        assertThat(users.authenticate(email, "my own long password")).isEmpty();
    }
}
