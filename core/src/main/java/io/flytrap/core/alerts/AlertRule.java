package io.flytrap.core.alerts;

import java.util.List;

/**
 * A project's alert rule.
 *
 * @param environments only events from these environments count (empty: any)
 * @param levels       only events of these levels count (empty: any)
 * @param threshold    frequency rules: more than this many events ...
 * @param windowMinutes ... within this many minutes
 * @param cooldownMinutes after firing for an issue, the rule stays quiet for that issue this long
 * @param notifyAssignee  also e-mail the assignee, if it has one (through the project's e-mail channel)
 */
public record AlertRule(long id, long projectId, RuleKind kind, Integer threshold, Integer windowMinutes,
                        List<String> environments, List<String> levels, int cooldownMinutes, boolean enabled,
                        boolean notifyAssignee) {

    public AlertRule {
        environments = List.copyOf(environments);
        levels = List.copyOf(levels);
    }
}
