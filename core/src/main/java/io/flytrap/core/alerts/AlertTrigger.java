package io.flytrap.core.alerts;

import io.flytrap.core.event.Event;
import io.flytrap.core.issues.IssueMembers;
import io.flytrap.core.issues.StoredIssue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Evaluates the projects' alert rules for a stored batch and writes the notifications they call for into the
 * outbox. Runs inside the processor's transaction: an alert exists exactly when the issue change that caused it
 * committed. A rule fires for an issue at most once per cool-down (the cool-down row is claimed with an upsert,
 * so racing workers agree), which turns a flood of events into one alert.
 */
@Component
public class AlertTrigger {

    public static final String CHANNEL = "flytrap_alerts";

    private final JdbcClient jdbc;
    /** smtp: one e-mail per member; sns: one message to the project's topic, which reaches its subscribed members. */
    private final boolean emailPerMember;

    public AlertTrigger(JdbcClient jdbc, AlertsProperties properties) {
        this.jdbc = jdbc;
        this.emailPerMember = !"sns".equals(properties.email());
    }

    public void onStored(List<StoredIssue> issues) {
        if (issues.isEmpty()) {
            return;
        }
        Long[] projectIds = issues.stream().map(StoredIssue::projectId).distinct().toArray(Long[]::new);
        Map<Long, List<AlertRule>> rules = jdbc.sql("select * from alert_rules where enabled and project_id = any(?) order by id")
                .param(projectIds).query(AlertRuleService.RULE).list().stream()
                .collect(Collectors.groupingBy(AlertRule::projectId));
        boolean any = false;
        for (StoredIssue issue : issues) {
            for (AlertRule rule : rules.getOrDefault(issue.projectId(), List.of())) {
                List<Event> matching = issue.events().stream().filter(event -> matches(rule, event)).toList();
                if (!matching.isEmpty() && due(rule, issue, matching) && claimCooldown(rule, issue.issueId())) {
                    any |= enqueue(rule, issue) > 0;
                }
            }
        }
        if (any) {
            jdbc.sql("select pg_notify(?, '')").param(CHANNEL).query((rs, i) -> null).list();
        }
    }

    static boolean matches(AlertRule rule, Event event) {
        // an event without an environment matches only rules for any environment (List.copyOf lists refuse null)
        return (rule.environments().isEmpty() || event.environment() != null && rule.environments().contains(event.environment()))
                && (rule.levels().isEmpty() || rule.levels().contains(event.level().wireName()));
    }

    private boolean due(AlertRule rule, StoredIssue issue, List<Event> matching) {
        return switch (rule.kind()) {
            case NEW_ISSUE -> issue.inserted();
            case REGRESSION -> issue.regressed();
            case FREQUENCY -> exceeds(rule, issue.issueId(), matching);
        };
    }

    /**
     * More than the threshold of matching events within the window that ends with the batch's latest event. A primary
     * counts the events of the issues merged into it as well (they stay filed under their own, hidden issues).
     */
    private boolean exceeds(AlertRule rule, long issueId, List<Event> matching) {
        var latest = matching.stream().map(Event::receivedAt).max(java.util.Comparator.naturalOrder()).orElseThrow();
        var since = latest.minusSeconds(rule.windowMinutes() * 60L);
        List<Object> params = new ArrayList<>(List.of(Timestamp.from(since), Timestamp.from(latest)));
        StringBuilder sql = new StringBuilder("select 1 from events where " + IssueMembers.condition(jdbc, issueId)
                + " and received_at > ? and received_at <= ?");
        if (!rule.environments().isEmpty()) {
            sql.append(" and environment = any(?)");
            params.add(rule.environments().toArray(String[]::new));
        }
        if (!rule.levels().isEmpty()) {
            sql.append(" and level = any(?)");
            params.add(rule.levels().toArray(String[]::new));
        }
        params.add(rule.threshold() + 1);
        // counting stops at threshold + 1 rows: the answer is only "more than the threshold or not"
        long count = jdbc.sql("select count(*) from (" + sql + " limit ?) as recent").params(params).query(Long.class).single();
        return count > rule.threshold();
    }

    private boolean claimCooldown(AlertRule rule, long issueId) {
        return !jdbc.sql("""
                        insert into alert_cooldowns (rule_id, issue_id, last_fired_at) values (?, ?, now())
                        on conflict (rule_id, issue_id) do update set last_fired_at = excluded.last_fired_at
                        where alert_cooldowns.last_fired_at <= excluded.last_fired_at - make_interval(mins => ?)
                        returning 1""")
                .params(rule.id(), issueId, rule.cooldownMinutes()).query().listOfRows().isEmpty();
    }

    /**
     * One notification per enabled channel; for e-mail over SMTP, one per member who has e-mail alerts on. A rule
     * that notifies the assignee adds one e-mail to the issue's assignee through the project's (first enabled)
     * e-mail channel, unless they get it already as a member: being assigned is a request to them in person, so
     * it reaches them even with the project's e-mail alerts switched off. Over SNS the e-mail goes to a topic,
     * not to a person, so there is no assignee e-mail.
     */
    private int enqueue(AlertRule rule, StoredIssue issue) {
        return jdbc.sql("""
                        insert into notifications (project_id, issue_id, rule_id, channel_id, recipient, reason)
                        select c.project_id, :issue, :rule, c.id, null, :reason from alert_channels c
                        where c.project_id = :project and c.enabled and (c.kind <> 'email' or not :perMember)
                        union all
                        select c.project_id, :issue, :rule, c.id, u.email, :reason from alert_channels c
                        join project_members m on m.project_id = c.project_id
                        join users u on u.id = m.user_id
                        where c.project_id = :project and c.enabled and c.kind = 'email' and :perMember and m.email_alerts
                          and u.disabled_at is null
                        union all
                        select i.project_id, i.id, :rule, c.id, u.email, :reason from issues i
                        join users u on u.id = i.assignee_user_id
                        join project_members m on m.project_id = i.project_id and m.user_id = u.id
                        join alert_channels c on c.id = (select min(e.id) from alert_channels e
                                                         where e.project_id = i.project_id and e.kind = 'email' and e.enabled)
                        where i.id = :issue and :notifyAssignee and :perMember and not m.email_alerts
                          and u.disabled_at is null""")
                .param("issue", issue.issueId()).param("rule", rule.id()).param("reason", rule.kind().wireName())
                .param("project", issue.projectId()).param("perMember", emailPerMember)
                .param("notifyAssignee", rule.notifyAssignee()).update();
    }
}
