package io.flytrap.dashboard.alerts;

import com.sun.net.httpserver.HttpServer;
import io.flytrap.core.alerts.AlertChannel;
import io.flytrap.core.alerts.AlertChannelService;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts in the project settings, in headless Chromium: a member adds a Slack channel, sends a test alert, the
 * running dispatcher delivers it to a Slack stand-in on loopback, and the notification shows as sent.
 * (Internal targets are allowed here so the stand-in can listen on loopback; AlertsApiTests checks the refusal.)
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.alerts.allow-internal-targets=true", "flytrap.alerts.poll-interval=200ms"})
@UsesTestDatabase
class AlertsBrowserTests {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;
    @Autowired
    AlertChannelService channels;

    BrowserSupport browser;
    HttpServer slack;
    final List<String> posts = new CopyOnWriteArrayList<>();
    final String password = "a long test password";
    String email;
    CreatedProject project;
    io.flytrap.core.access.Caller owner;

    @BeforeEach
    void start() throws Exception {
        email = "alerts-" + UUID.randomUUID() + "@example.com";
        owner = users.create(email, password, Role.MEMBER).asCaller();
        project = projects.create(owner, "Checkout", "javascript");
        slack = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slack.createContext("/services/T1/B1/x", exchange -> {
            posts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        slack.start();
        browser = new BrowserSupport(port);
    }

    @AfterEach
    void stop() {
        browser.close();
        slack.stop(0);
    }

    @Test
    void shouldAddASlackChannelAndDeliverATestAlertThroughIt() throws Exception {
        browser.signIn(email, password);
        browser.driver.get(browser.url("/projects/" + project.project().id() + "/settings"));
        browser.wait.until(d -> d.findElements(By.id("alert-rules")).size() == 1);
        assertThat(browser.bodyText()).contains("A new issue appears").contains("A resolved issue comes back")
                .contains("Members by e-mail");

        browser.click(By.id("add-channel"));
        browser.wait.until(d -> d.findElements(By.cssSelector("#channel-url input")).size() == 1);
        browser.driver.findElement(By.cssSelector("#channel-name input")).sendKeys("<b>ops</b>");
        browser.driver.findElement(By.cssSelector("#channel-url input"))
                .sendKeys("http://127.0.0.1:" + slack.getAddress().getPort() + "/services/T1/B1/x");
        browser.click(By.id("save-channel"));
        browser.wait.until(d -> browser.bodyText().contains("<b>ops</b>"));
        assertThat(browser.driver.findElements(By.cssSelector("#alert-channels b"))).as("a name is text, not markup").isEmpty();

        AlertChannel created = channels.list(owner, project.project().id()).getLast();
        browser.click(By.id("test-channel-" + created.id()));
        browser.wait.until(d -> !posts.isEmpty());
        assertThat(posts).singleElement().asString().contains("Test alert").contains("Checkout");

        browser.wait.until(d -> {
            browser.js("Array.from(document.querySelectorAll('vaadin-button')).find(b => b.textContent.trim() === 'Refresh').click()");
            return browser.bodyText().contains("sent");
        });
        browser.screenshot("project-alerts");
    }
}
