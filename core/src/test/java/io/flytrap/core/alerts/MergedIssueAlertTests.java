package io.flytrap.core.alerts;

import io.flytrap.core.access.Caller;
import io.flytrap.core.alerts.AlertRuleService.RuleRequest;
import io.flytrap.core.issues.IssueMergeService;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.TestEvents;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alert rules over merged issues: a primary is judged and described by its members' events too (they stay filed
 * under their own hidden issues). What must not happen: a merged primary whose events together cross a frequency
 * threshold staying silent, firing more than once per cool-down, or counting an event twice; unmerged issues adding
 * up; an alert naming the environment of an older event than the primary's latest.
 */
@SpringBootTest(classes = CoreTestApplication.class, properties = "flytrap.alerts.allow-internal-targets=true")
@UsesTestDatabase
class MergedIssueAlertTests {

    @Autowired
    EventProcessor processor;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    AlertRuleService rules;
    @Autowired
    AlertChannelService channels;
    @Autowired
    IssueMergeService merges;
    @Autowired
    AlertMessages messages;
    @Autowired
    JdbcClient jdbc;

    Caller owner;
    long projectId;
    Instant clock = Instant.now().minusSeconds(600);

    @BeforeEach
    void projectWithAFrequencyRuleOfMoreThanThreeEventsAnHour() {
        owner = TestAccounts.member(users, "merged-alerts");
        projectId = projects.create(owner, "Merged shop", "javascript").project().id();
        channels.create(owner, projectId, "slack", "#errors", "http://127.0.0.1:9/hooks/slack");
        rules.create(owner, projectId, new RuleRequest("frequency", 3, 60, null, null, 60, null));
    }

    private void send(String message, String environment) {
        clock = clock.plusSeconds(1);
        TestEvents.process(processor, projectId, """
                {"data": {"project_id": %d, "error": {"name": "TypeError", "message": "%s",
                  "stack": "TypeError: %s\\n    at %s (https://shop.example/app.js:3:5)"},
                  "environment": "%s", "level": "error"}}""".formatted(projectId, message, message,
                message.replaceAll("\\W", "_"), environment), clock); // one issue per message: frames decide grouping
    }

    private long issue(String message) {
        return jdbc.sql("select id from issues where project_id = ? and title = ?")
                .params(projectId, "TypeError: " + message).query(Long.class).single();
    }

    private List<String> frequencyAlerts() {
        return jdbc.sql("""
                        select c.kind || ' for ' || n.issue_id from notifications n join alert_channels c on c.id = n.channel_id
                        where n.project_id = ? and n.reason = 'frequency' order by n.id""")
                .param(projectId).query(String.class).list();
    }

    @Test
    void shouldCountTheMembersEventsOfAMergedPrimaryOnceAndFireOncePerCooldown() {
        clock = Instant.now().minusSeconds(3 * 3600);
        for (int i = 0; i < 3; i++) {
            send("cart is undefined", "production");
            send("basket is undefined", "staging");
        }
        assertThat(frequencyAlerts()).as("3 events in each of two unmerged issues: neither has more than 3").isEmpty();

        long primary = issue("cart is undefined");
        long member = issue("basket is undefined");
        merges.merge(owner, List.of(member), primary);
        clock = Instant.now().minusSeconds(1800); // a new hour: the window holds only what follows
        send("cart is undefined", "production");
        send("basket is undefined", "staging");
        send("cart is undefined", "production");
        assertThat(frequencyAlerts()).as("2 of its own + 1 of the member's is not more than 3: nothing counted twice").isEmpty();

        send("basket is undefined", "staging");
        assertThat(frequencyAlerts()).as("4 events in the merged issue's hour: one alert per channel, for the primary")
                .containsExactlyInAnyOrder("email for " + primary, "slack for " + primary);

        send("basket is undefined", "staging");
        send("cart is undefined", "production");
        assertThat(frequencyAlerts()).as("the cool-down holds for the merged issue").hasSize(2);
    }

    @Test
    void shouldDescribeAMergedPrimaryByTheLatestEventOfAnyMember() {
        send("cart is undefined", "production");
        send("basket is undefined", "staging");
        long primary = issue("cart is undefined");
        merges.merge(owner, List.of(issue("basket is undefined")), primary);

        send("basket is undefined", "edge-eu");
        AlertMessage message = messages.forNotification(projectId, primary, "frequency");
        assertThat(message.environment()).as("the member's event is the primary's latest").isEqualTo("edge-eu");
        assertThat(message.eventCount()).isEqualTo(3);

        send("cart is undefined", "production");
        assertThat(messages.forNotification(projectId, primary, "frequency").environment()).isEqualTo("production");
    }
}
