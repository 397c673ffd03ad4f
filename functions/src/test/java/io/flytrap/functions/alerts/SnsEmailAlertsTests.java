package io.flytrap.functions.alerts;

import io.flytrap.core.access.Caller;
import io.flytrap.core.alerts.NotificationDispatcher;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectDeletionService;
import io.flytrap.core.projects.ProjectMemberService;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.FunctionsApplication;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.TestEvents;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * E-mail alerts through SNS: the project's topic follows its membership (subscribe, unsubscribe, delete with the
 * project) and an alert is one publish to it. SNS is a recording stand-in on loopback ({@link RecordingSns}:
 * no SNS emulator can run here), driven by the real AWS SDK client from Spring Cloud AWS.
 */
@SpringBootTest(classes = FunctionsApplication.class, properties = {"flytrap.alerts.email=sns", "flytrap.worker.enabled=false",
        "spring.flyway.enabled=true", "spring.cloud.aws.region.static=us-east-1", "spring.cloud.aws.credentials.access-key=test",
        "spring.cloud.aws.credentials.secret-key=test-secret"})
@UsesTestDatabase
class SnsEmailAlertsTests {

    static final RecordingSns SNS = start();

    private static RecordingSns start() {
        try {
            return new RecordingSns();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void sns(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.aws.sns.endpoint", SNS::endpoint);
    }

    @AfterAll
    static void stop() {
        SNS.close();
    }

    @Autowired
    ProjectService projects;
    @Autowired
    ProjectMemberService members;
    @Autowired
    ProjectDeletionService deletion;
    @Autowired
    UserService users;
    @Autowired
    io.flytrap.core.users.UserAdminService userAdmin;
    @Autowired
    EventProcessor processor;
    @Autowired
    NotificationDispatcher dispatcher;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    private String email(Caller caller) {
        return jdbc.sql("select email from users where id = ?").param(caller.userId()).query(String.class).single().toLowerCase();
    }

    @Test
    void shouldKeepTheProjectsTopicInStepWithItsMembersAndPublishAlertsToIt() {
        jdbc.sql("update notifications set state = 'sent' where state = 'pending'").update(); // other tests' alerts are not ours to send
        Caller owner = TestAccounts.member(users, "sns-owner");
        Caller admin = users.create("sns-admin-" + UUID.randomUUID() + "@example.com", "a long password 3", Role.ADMIN).asCaller();
        Caller colleague = TestAccounts.member(users, "sns-colleague");
        long projectId = projects.create(owner, "Billing", "java").project().id();
        String topic = "arn:aws:sns:us-east-1:" + RecordingSns.ACCOUNT + ":flytrap-project-" + projectId;
        assertThat(SNS.topics.get(topic)).as("the creator is subscribed").containsOnlyKeys(email(owner));

        members.add(admin, projectId, email(colleague));
        assertThat(SNS.topics.get(topic)).containsOnlyKeys(email(owner), email(colleague));
        members.setOwnEmailAlerts(colleague, projectId, false);
        assertThat(SNS.topics.get(topic)).as("switched off: unsubscribed").containsOnlyKeys(email(owner));
        members.setOwnEmailAlerts(colleague, projectId, true);
        userAdmin.setDisabled(admin, colleague.userId(), true);
        assertThat(SNS.topics.get(topic)).as("a disabled user: unsubscribed").containsOnlyKeys(email(owner));

        TestEvents.process(processor, projectId, """
                {"data": {"project_id": %d, "error": {"name": "IllegalStateException", "message": "ledger <b>closed</b> — é"}}}"""
                .formatted(projectId), Instant.now());
        assertThat(jdbc.sql("select count(*) from notifications where project_id = ?").param(projectId).query(Long.class).single())
                .as("one notification for the topic, not one per member").isOne();
        while (dispatcher.dispatchOnce() > 0) {
            // send what is due
        }
        assertThat(SNS.calls("Publish").stream().filter(call -> topic.equals(call.get("TopicArn")))).singleElement().satisfies(publish -> {
            assertThat(publish.get("TopicArn")).isEqualTo(topic);
            assertThat(publish.get("Subject")).startsWith("[Billing] New issue: IllegalStateException").doesNotContain("é")
                    .hasSizeLessThan(100);
            assertThat(publish.get("Message")).contains("ledger <b>closed</b> — é").contains("/issues/");
        });
        assertThat(jdbc.sql("select state from notifications where project_id = ?").param(projectId).query(String.class).single())
                .isEqualTo("sent");

        deletion.delete(admin, projectId);
        assertThat(SNS.topics).as("the topic goes with the project").doesNotContainKey(topic);
        assertThat(SNS.calls("DeleteTopic")).extracting(call -> call.get("TopicArn")).contains(topic);
    }

    @Test
    void shouldNotTouchSnsForAChangeThatRolledBack() {
        int before = SNS.calls.size();
        Caller owner = TestAccounts.member(users, "sns-rollback");
        transactions.executeWithoutResult(status -> {
            projects.create(owner, "Never committed", "java");
            status.setRollbackOnly();
        });
        assertThat(SNS.calls.size()).as("no topic for a project that was never committed").isEqualTo(before);
    }
}
