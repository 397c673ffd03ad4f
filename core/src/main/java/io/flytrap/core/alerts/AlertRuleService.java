package io.flytrap.core.alerts;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.Scope;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.audit.AuditLog;
import io.flytrap.core.event.Level;
import io.flytrap.core.projects.ProjectAccess;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.projects.ProjectService.ProjectCreated;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A project's alert rules, managed by its members; every change is audited. */
@Service
public class AlertRuleService {

    static final int MAX_FILTER_VALUES = 20;

    static final RowMapper<AlertRule> RULE = (rs, i) -> new AlertRule(rs.getLong("id"), rs.getLong("project_id"),
            RuleKind.fromWire(rs.getString("kind")), rs.getObject("threshold", Integer.class),
            rs.getObject("window_minutes", Integer.class), strings(rs.getArray("environments")),
            strings(rs.getArray("levels")), rs.getInt("cooldown_minutes"), rs.getBoolean("enabled"),
            rs.getBoolean("notify_assignee"));

    /** What a member asks for; ids and project come from the path. */
    public record RuleRequest(String kind, Integer threshold, Integer windowMinutes, List<String> environments,
                              List<String> levels, Integer cooldownMinutes, Boolean enabled, Boolean notifyAssignee) {

        /** A request that leaves "notify the assignee" as it is (off for a new rule). */
        public RuleRequest(String kind, Integer threshold, Integer windowMinutes, List<String> environments,
                           List<String> levels, Integer cooldownMinutes, Boolean enabled) {
            this(kind, threshold, windowMinutes, environments, levels, cooldownMinutes, enabled, null);
        }
    }

    private final JdbcClient jdbc;
    private final ProjectAccess access;
    private final AuditLog audit;

    public AlertRuleService(JdbcClient jdbc, ProjectAccess access, AuditLog audit) {
        this.jdbc = jdbc;
        this.access = access;
        this.audit = audit;
    }

    /** The defaults every new project gets: a new issue or a regression alerts the members by e-mail. */
    @EventListener
    void addDefaults(ProjectCreated created) {
        jdbc.sql("insert into alert_rules (project_id, kind) values (?, 'new_issue'), (?, 'regression')")
                .params(created.projectId(), created.projectId()).update();
        jdbc.sql("insert into alert_channels (project_id, kind, name) values (?, 'email', 'Members by e-mail')")
                .param(created.projectId()).update();
    }

    @Transactional(readOnly = true)
    public List<AlertRule> list(Caller caller, long projectId) {
        access.require(caller, projectId, Scope.PROJECT_READ);
        return jdbc.sql("select * from alert_rules where project_id = ? order by id").param(projectId).query(RULE).list();
    }

    @Transactional
    public AlertRule create(Caller caller, long projectId, RuleRequest request) {
        access.require(caller, projectId, Scope.PROJECT_WRITE);
        Valid valid = validate(request, null);
        AlertRule rule = jdbc.sql("""
                        insert into alert_rules (project_id, kind, threshold, window_minutes, environments, levels,
                                                 cooldown_minutes, enabled, notify_assignee)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning *""")
                .params(projectId, valid.kind().wireName(), valid.threshold(), valid.windowMinutes(),
                        valid.environments(), valid.levels(), valid.cooldownMinutes(), valid.enabled(),
                        valid.notifyAssignee())
                .query(RULE).single();
        audit.record(caller, AuditLog.Action.ALERT_RULE_CHANGED, projectId, "rule " + rule.id(), Map.of("created", rule.kind().wireName()));
        return rule;
    }

    /** Replaces the rule's settings; fields left out keep their value. */
    @Transactional
    public AlertRule update(Caller caller, long projectId, long ruleId, RuleRequest request) {
        AlertRule current = get(caller, projectId, ruleId);
        Valid valid = validate(request, current);
        AlertRule rule = jdbc.sql("""
                        update alert_rules set threshold = ?, window_minutes = ?, environments = ?, levels = ?,
                               cooldown_minutes = ?, enabled = ?, notify_assignee = ?
                        where id = ? and project_id = ? returning *""")
                .params(valid.threshold(), valid.windowMinutes(), valid.environments(), valid.levels(),
                        valid.cooldownMinutes(), valid.enabled(), valid.notifyAssignee(), ruleId, projectId)
                .query(RULE).single();
        audit.record(caller, AuditLog.Action.ALERT_RULE_CHANGED, projectId, "rule " + ruleId, Map.of("updated", true));
        return rule;
    }

    @Transactional
    public void delete(Caller caller, long projectId, long ruleId) {
        get(caller, projectId, ruleId);
        jdbc.sql("delete from alert_rules where id = ? and project_id = ?").params(ruleId, projectId).update();
        audit.record(caller, AuditLog.Action.ALERT_RULE_CHANGED, projectId, "rule " + ruleId, Map.of("deleted", true));
    }

    private AlertRule get(Caller caller, long projectId, long ruleId) {
        access.require(caller, projectId, Scope.PROJECT_WRITE);
        return jdbc.sql("select * from alert_rules where id = ? and project_id = ?").params(ruleId, projectId)
                .query(RULE).optional().orElseThrow(() -> new NotFoundException("alert rule"));
    }

    private record Valid(RuleKind kind, Integer threshold, Integer windowMinutes, String[] environments,
                         String[] levels, int cooldownMinutes, boolean enabled, boolean notifyAssignee) {
    }

    private static Valid validate(RuleRequest request, AlertRule current) {
        RuleKind kind = current != null ? current.kind() : RuleKind.fromWire(request.kind());
        Integer threshold = request.threshold() != null ? request.threshold() : current == null ? null : current.threshold();
        Integer window = request.windowMinutes() != null ? request.windowMinutes() : current == null ? null : current.windowMinutes();
        if (kind == RuleKind.FREQUENCY) {
            if (threshold == null || threshold < 1 || threshold > 1_000_000) {
                throw new IllegalArgumentException("Enter a threshold: the number of events that triggers the alert, 1 to 1,000,000.");
            }
            if (window == null || window < 1 || window > 1440) {
                throw new IllegalArgumentException("Enter a time window of 1 to 1440 minutes (a day).");
            }
        } else {
            threshold = null;
            window = null;
        }
        List<String> environments = request.environments() != null ? request.environments()
                : current == null ? List.of() : current.environments();
        List<String> levels = request.levels() != null ? request.levels() : current == null ? List.of() : current.levels();
        if (environments.size() > MAX_FILTER_VALUES || levels.size() > MAX_FILTER_VALUES
                || environments.stream().anyMatch(e -> e == null || e.isBlank() || e.length() > 100)) {
            throw new IllegalArgumentException("List at most " + MAX_FILTER_VALUES + " environments, each a name of 1 to 100 characters.");
        }
        List<String> levelNames = levels.stream().map(level -> Level.parse(level).map(Level::wireName)
                .orElseThrow(() -> new IllegalArgumentException("levels: unknown level " + level))).distinct().toList();
        int cooldown = request.cooldownMinutes() != null ? request.cooldownMinutes() : current == null ? 60 : current.cooldownMinutes();
        if (cooldown < 0 || cooldown > 10080) {
            throw new IllegalArgumentException("Enter a cool-down of 0 to 10080 minutes (a week).");
        }
        boolean enabled = request.enabled() != null ? request.enabled() : current == null || current.enabled();
        boolean notifyAssignee = request.notifyAssignee() != null ? request.notifyAssignee()
                : current != null && current.notifyAssignee();
        return new Valid(kind, threshold, window, environments.stream().map(String::strip).distinct().toArray(String[]::new),
                levelNames.toArray(String[]::new), cooldown, enabled, notifyAssignee);
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
