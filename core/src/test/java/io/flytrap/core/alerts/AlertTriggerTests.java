package io.flytrap.core.alerts;

import io.flytrap.core.access.Caller;
import io.flytrap.core.alerts.AlertRuleService.RuleRequest;
import io.flytrap.core.issues.IssueStatusService;
import io.flytrap.core.process.BatchItem;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectMemberService;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.QueuedEvent;
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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The processor writes alerts into the outbox in the transaction that creates or reopens an issue: one per channel
 * (and e-mail member) when a rule fires, none for further events of the same issue, and a flood turned into one
 * alert by the cool-down.
 */
@SpringBootTest(classes = CoreTestApplication.class, properties = "flytrap.alerts.allow-internal-targets=true")
@UsesTestDatabase
class AlertTriggerTests {

    @Autowired
    EventProcessor processor;
    @Autowired
    ProjectService projects;
    @Autowired
    ProjectMemberService members;
    @Autowired
    UserService users;
    @Autowired
    AlertRuleService rules;
    @Autowired
    AlertChannelService channels;
    @Autowired
    IssueStatusService statuses;
    @Autowired
    JdbcClient jdbc;

    Caller owner;
    long projectId;

    @BeforeEach
    void projectWithTwoMembersAndASlackChannel() {
        owner = TestAccounts.member(users, "alerts");
        projectId = projects.create(owner, "Shop", "javascript").project().id();
        Caller quiet = TestAccounts.member(users, "alerts-quiet");
        String quietEmail = jdbc.sql("select email from users where id = ?").param(quiet.userId()).query(String.class).single();
        jdbc.sql("insert into project_members (project_id, user_id) values (?, ?)").params(projectId, quiet.userId()).update();
        members.setOwnEmailAlerts(quiet, projectId, false);
        assertThat(quietEmail).isNotBlank();
        channels.create(owner, projectId, "slack", "#errors", "http://127.0.0.1:9/hooks/slack");
    }

    private String event(String message, String environment, String level) {
        return """
                {"data": {"project_id": %d, "error": {"name": "TypeError", "message": "%s",
                  "stack": "TypeError: %s\\n    at %s (https://shop.example/app.js:3:5)"},
                  "environment": "%s", "level": "%s"}}""".formatted(projectId, message, message,
                message.replaceAll("\\W", "_"), environment, level); // one issue per message: frames decide grouping
    }

    private List<Map<String, Object>> notifications() {
        return jdbc.sql("""
                        select n.reason, c.kind, n.recipient from notifications n join alert_channels c on c.id = n.channel_id
                        where n.project_id = ? order by n.id""").param(projectId).query().listOfRows();
    }

    private List<String> reasons() {
        return notifications().stream().map(n -> n.get("reason") + "/" + n.get("kind")).toList();
    }

    @Test
    void shouldGiveEveryNewProjectTheDefaultRulesAndTheEmailChannel() {
        assertThat(rules.list(owner, projectId)).extracting(AlertRule::kind)
                .containsExactly(RuleKind.NEW_ISSUE, RuleKind.REGRESSION);
        assertThat(channels.list(owner, projectId)).extracting(AlertChannel::kind)
                .containsExactly(ChannelKind.EMAIL, ChannelKind.SLACK);
    }

    @Test
    void shouldAlertOnceForANewIssueToEachChannelAndEachMemberWhoWantsEmail() {
        TestEvents.process(processor, projectId, event("cart is undefined", "production", "error"), Instant.now());

        String ownerEmail = jdbc.sql("select email from users where id = ?").param(owner.userId()).query(String.class).single();
        assertThat(notifications()).hasSize(2).anySatisfy(n -> {
            assertThat(n.get("kind")).isEqualTo("email");
            assertThat(n.get("recipient")).as("only the member with e-mail alerts on").isEqualTo(ownerEmail);
        }).anySatisfy(n -> assertThat(n.get("kind")).isEqualTo("slack"));
        assertThat(reasons()).containsOnly("new_issue/email", "new_issue/slack");

        TestEvents.process(processor, projectId, event("cart is undefined", "production", "error"), Instant.now());
        assertThat(notifications()).as("a second event of the same issue alerts nobody").hasSize(2);
    }

    @Test
    void shouldAlertWhenAResolvedIssueRegressesButNotWhenAnIgnoredOneWakesUp() {
        TestEvents.process(processor, projectId, event("payment failed", "production", "error"), Instant.now());
        long issueId = jdbc.sql("select id from issues where project_id = ?").param(projectId).query(Long.class).single();
        statuses.resolve(owner, issueId, null);

        TestEvents.process(processor, projectId, event("payment failed", "production", "error"), Instant.now());
        assertThat(reasons()).containsExactlyInAnyOrder("new_issue/email", "new_issue/slack", "regression/email", "regression/slack");

        statuses.ignore(owner, issueId, null, 1L);
        TestEvents.process(processor, projectId, event("payment failed", "production", "error"), Instant.now());
        assertThat(notifications()).as("an ignore running out is not a regression").hasSize(4);
    }

    @Test
    void shouldAlertOnlyForTheEnvironmentsAndLevelsARuleNames() {
        long newIssueRule = rules.list(owner, projectId).getFirst().id();
        rules.update(owner, projectId, newIssueRule, new RuleRequest(null, null, null, List.of("production"), List.of("fatal", "error"), null, null));

        TestEvents.process(processor, projectId, event("staging only", "staging", "error"), Instant.now());
        TestEvents.process(processor, projectId, event("just a warning", "production", "warning"), Instant.now());
        assertThat(notifications()).isEmpty();

        TestEvents.process(processor, projectId, event("in production", "production", "error"), Instant.now());
        assertThat(reasons()).containsOnly("new_issue/email", "new_issue/slack");

        // an event without any environment is stored (the rule simply does not match it)
        TestEvents.process(processor, projectId, """
                {"data": {"project_id": %d, "error": {"name": "Error", "message": "no environment",
                  "stack": "Error: x\\n    at noEnvironment (https://shop.example/app.js:9:9)"}}}""".formatted(projectId), Instant.now());
        assertThat(jdbc.sql("select count(*) from issues where project_id = ? and title = 'Error: no environment'")
                .param(projectId).query(Long.class).single()).isOne();
        assertThat(notifications()).hasSize(2);
    }

    @Test
    void shouldTurnTenThousandEventsInAMinuteIntoOneNewIssueAlertAndOneFrequencyAlert() {
        rules.create(owner, projectId, new RuleRequest("frequency", 100, 5, null, null, 60, null));
        Instant start = Instant.now();
        byte[] body = event("checkout timed out", "production", "error").getBytes(StandardCharsets.UTF_8);
        List<BatchItem> batch = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            batch.add(new BatchItem("m" + i, new QueuedEvent(projectId, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL,
                    body, Map.of(), start.plusMillis(i * 6L)))); // spread over 60 s
            if (batch.size() == 500) {
                processor.process(batch);
                batch = new ArrayList<>();
            }
        }

        assertThat(jdbc.sql("select event_count from issues where project_id = ?").param(projectId).query(Long.class).single())
                .isEqualTo(10_000);
        assertThat(reasons()).containsExactlyInAnyOrder("new_issue/email", "new_issue/slack", "frequency/email", "frequency/slack");
    }

    @Test
    void shouldRefuseBadRulesAndChangeNothing() {
        int before = rules.list(owner, projectId).size();
        assertThatThrownBy(() -> rules.create(owner, projectId, new RuleRequest("frequency", null, 5, null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
        assertThatThrownBy(() -> rules.create(owner, projectId, new RuleRequest("sometimes", null, null, null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind");
        assertThatThrownBy(() -> rules.create(owner, projectId, new RuleRequest("new_issue", null, null, null, List.of("loud"), null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("level");
        assertThat(rules.list(owner, projectId)).hasSize(before);
    }

    @Test
    void shouldKeepRulesAndChannelsToTheProjectsMembers() {
        Caller stranger = TestAccounts.member(users, "alerts-stranger");
        assertThatThrownBy(() -> rules.list(stranger, projectId)).isInstanceOf(io.flytrap.core.access.NotFoundException.class);
        assertThatThrownBy(() -> channels.create(stranger, projectId, "webhook", "x", "http://127.0.0.1:9/"))
                .isInstanceOf(io.flytrap.core.access.NotFoundException.class);
        assertThat(channels.list(owner, projectId)).hasSize(2);
    }
}
