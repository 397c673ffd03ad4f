package io.flytrap.dashboard;

import com.icegreen.greenmail.util.GreenMail;
import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectMemberService;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.TestEvents;
import io.flytrap.testsupport.TestMailServer;
import io.flytrap.testsupport.UsesTestDatabase;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * #22 items 6 and 7 in headless Chromium: a member resolves an issue in the next release from the dialog, the
 * Activity tab names who did it, a comment with an @mention reaches the mentioned member through a real SMTP
 * server (GreenMail), an event of the current release leaves the issue resolved and one of a newer release shows
 * the regression marker live.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesTestDatabase
class IssueActivityBrowserTests {

    static final GreenMail SMTP = TestMailServer.start();

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        TestMailServer.register(registry, SMTP);
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

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
    @Autowired
    EventProcessor processor;

    BrowserSupport browser;
    long projectId;

    @AfterEach
    void close() {
        if (browser != null) {
            browser.close();
        }
    }

    private void send(String release) {
        TestEvents.process(processor, projectId, """
                {"data": {"error": {"name": "TypeError", "message": "cart is null", "stack": "TypeError: cart is null\\n    at pay (app.js:1:1)"},
                          "project_id": %d, "release": "%s"}}""".formatted(projectId, release), Instant.now());
    }

    private List<MimeMessage> mentionMails() throws Exception {
        List<MimeMessage> found = new java.util.ArrayList<>();
        for (MimeMessage mail : SMTP.getReceivedMessages()) {
            if (mail.getSubject().contains("mentioned you")) {
                found.add(mail);
            }
        }
        return found;
    }

    private String text(String id) {
        return browser.driver.findElements(By.id(id)).stream().findFirst().map(element -> element.getText()).orElse("");
    }

    @Test
    void shouldResolveInTheNextReleaseShowWhoDidItAndMailAMentionedMember() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String ownerEmail = "owner-" + suffix + "@example.com";
        String colleagueEmail = "colleague-" + suffix + "@example.com";
        String password = "a long test password";
        Caller owner = users.create(ownerEmail, password, Role.MEMBER).asCaller();
        users.create(colleagueEmail, password, Role.MEMBER);
        Caller admin = users.create("admin-" + suffix + "@example.com", password, Role.ADMIN).asCaller();
        projectId = projects.create(owner, "Checkout", null).project().id();
        members.add(admin, projectId, colleagueEmail);
        send("1.4.1");
        send("1.4.2");
        IssueSummary issue = issues.search(owner, projectId, IssueFilter.all(), 0, 1).getFirst();

        browser = new BrowserSupport(port);
        browser.signIn(ownerEmail, password);
        browser.driver.get(browser.url("/issues/" + issue.id()));
        browser.click(By.id("resolve-in-release"));
        browser.wait.until(d -> d.findElements(By.id("resolve-when")).size() == 1);
        assertThat(text("resolve-when")).as("the current release is offered first").contains("The current release, 1.4.2");
        browser.click(By.xpath("//vaadin-radio-group[@id='resolve-when']//vaadin-radio-button[contains(., 'The next release')]//input"));
        browser.click(By.id("confirm-resolve-in-release"));
        browser.wait.until(d -> text("issue-status").equals("resolved in the next release after 1.4.2"));

        browser.click(By.id("activity-tab"));
        browser.wait.until(d -> text("activity-timeline").contains(ownerEmail + " resolved it in the next release after 1.4.2"));
        assertThat(text("activity-timeline")).startsWith("First seen in 1.4.1");

        String comment = "@colleague-" + suffix + " the fix is in <b>1.4.3</b>, please verify";
        browser.driver.findElement(By.cssSelector("#comment-text textarea")).sendKeys(comment);
        browser.click(By.id("add-comment"));
        browser.wait.until(d -> text("activity-timeline").contains(comment));
        assertThat(browser.driver.findElements(By.cssSelector("#activity-timeline b")))
                .as("the comment is text, never HTML").isEmpty();
        // the project's new-issue alerts arrive through the same server: look for the mention among them
        List<MimeMessage> mentions = await().atMost(Duration.ofSeconds(10)).until(this::mentionMails, found -> !found.isEmpty());
        Thread.sleep(500);
        mentions = mentionMails();
        assertThat(mentions).as("one e-mail, to the mentioned member only").hasSize(1);
        assertThat(mentions.getFirst().getAllRecipients()[0].toString()).isEqualTo(colleagueEmail);
        assertThat((String) mentions.getFirst().getContent()).contains("/issues/" + issue.id()).contains(comment);

        send("1.4.2"); // the current release still has the bug: not a regression
        assertThat(issues.get(owner, issue.id()).status()).isEqualTo("resolved");
        send("1.5.0");
        browser.wait.until(d -> text("issue-regressed").startsWith("Regressed") && text("issue-regressed").endsWith("in 1.5.0"));
        assertThat(text("issue-status")).isEqualTo("unresolved");
        browser.wait.until(d -> text("activity-timeline").contains("Regressed in 1.5.0"));
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
