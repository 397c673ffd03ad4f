package io.flytrap.core.alerts;

import com.icegreen.greenmail.util.GreenMail;
import io.flytrap.core.access.Caller;
import io.flytrap.core.alerts.AlertRuleService.RuleRequest;
import io.flytrap.core.issues.IssueAssignmentService;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueStatusService;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectMemberService;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.TestMailServer;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.TestEvents;
import io.flytrap.testsupport.UsesTestDatabase;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule option "notify the assignee", end to end against GreenMail: a regression of an assigned issue e-mails its
 * assignee, who has the project's e-mail alerts switched off, besides the members who have them on; without an
 * assignee, or without the option, nobody else gets anything.
 */
@SpringBootTest(classes = CoreTestApplication.class, properties = "flytrap.public-url=https://flytrap.example.com/")
@UsesTestDatabase
class AssigneeAlertTests {

    static final GreenMail SMTP = TestMailServer.start();

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        TestMailServer.register(registry, SMTP);
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @Autowired
    NotificationDispatcher dispatcher;
    @Autowired
    AlertRuleService rules;
    @Autowired
    EventProcessor processor;
    @Autowired
    ProjectService projects;
    @Autowired
    ProjectMemberService members;
    @Autowired
    IssueAssignmentService assignments;
    @Autowired
    IssueStatusService statuses;
    @Autowired
    IssueQueries issues;
    @Autowired
    UserService users;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;

    Caller owner;
    Caller assignee;
    String ownerEmail;
    String assigneeEmail;
    long projectId;
    long regressionRule;

    @BeforeEach
    void project() throws Exception {
        SMTP.purgeEmailFromAllMailboxes();
        jdbc.sql("update notifications set state = 'sent'").update(); // other tests' leftovers are not ours to send
        ownerEmail = TestAccounts.email("alert-owner");
        owner = users.create(ownerEmail, TestAccounts.PASSWORD, Role.MEMBER).asCaller();
        assigneeEmail = TestAccounts.email("alert-assignee");
        assignee = users.create(assigneeEmail, TestAccounts.PASSWORD, Role.MEMBER).asCaller();
        Caller admin = users.create(TestAccounts.email("alert-admin"), TestAccounts.PASSWORD, Role.ADMIN).asCaller();
        projectId = projects.create(owner, "Assigned", null).project().id();
        members.add(admin, projectId, assigneeEmail);
        members.setOwnEmailAlerts(assignee, projectId, false); // so any mail to them comes from the option
        regressionRule = rules.list(owner, projectId).stream().filter(r -> r.kind() == RuleKind.REGRESSION)
                .findFirst().orElseThrow().id();
        rules.update(owner, projectId, regressionRule, new RuleRequest(null, null, null, null, null, 0, null, true));
    }

    private long newIssue(String type) {
        event(type);
        return issues.search(owner, projectId, IssueFilter.of("is:unresolved " + type, null, null), 0, 1).getFirst().id();
    }

    private void event(String type) {
        TestEvents.process(processor, projectId, """
                {"data": {"error": {"name": "%s", "message": "x", "stack": "%s: x\\n    at %s (app.js:1:1)"},
                          "project_id": %d}}""".formatted(type, type, type.toLowerCase(), projectId), clock.instant());
        clock.advance(Duration.ofSeconds(1));
    }

    /** Sends what is due; the recipients of every mail received since the last call. */
    private List<String> mailedTo() throws Exception {
        while (dispatcher.dispatchOnce() > 0) {
            // until nothing is due
        }
        MimeMessage[] mails = SMTP.getReceivedMessages();
        SMTP.purgeEmailFromAllMailboxes();
        return Arrays.stream(mails).map(mail -> {
            try {
                return mail.getAllRecipients()[0].toString();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).sorted().toList();
    }

    @Test
    void shouldEmailTheAssigneeOfARegressedIssue() throws Exception {
        assertThat(rules.list(owner, projectId)).filteredOn(r -> r.id() == regressionRule)
                .extracting(AlertRule::notifyAssignee).containsExactly(true);
        long issue = newIssue("TypeError");
        assertThat(mailedTo()).as("new issue: members with alerts on").containsExactly(ownerEmail);
        assignments.assign(owner, issue, assigneeEmail);
        statuses.resolve(owner, issue, null);

        event("TypeError");

        assertThat(mailedTo()).containsExactlyInAnyOrder(ownerEmail, assigneeEmail);
    }

    @Test
    void shouldEmailNobodyElseForAnUnassignedIssueOrWithoutTheOption() throws Exception {
        long issue = newIssue("RangeError");
        mailedTo();
        statuses.resolve(owner, issue, null);
        event("RangeError");
        assertThat(mailedTo()).as("unassigned").containsExactly(ownerEmail);

        rules.update(owner, projectId, regressionRule, new RuleRequest(null, null, null, null, null, null, null, false));
        assignments.assign(owner, issue, assigneeEmail);
        statuses.resolve(owner, issue, null);
        event("RangeError");
        assertThat(mailedTo()).as("option off").containsExactly(ownerEmail);
    }

    @Test
    void shouldEmailAnAssigneeWithAlertsOnOnlyOnce() throws Exception {
        members.setOwnEmailAlerts(assignee, projectId, true);
        long issue = newIssue("SyntaxError");
        mailedTo();
        assignments.assign(owner, issue, assigneeEmail);
        statuses.resolve(owner, issue, null);

        event("SyntaxError");

        assertThat(mailedTo()).containsExactlyInAnyOrder(ownerEmail, assigneeEmail);
    }
}
