package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.Scope;
import io.flytrap.core.audit.AuditLog;
import io.flytrap.core.projects.ProjectAccess;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who looks after an issue: one member of its project, or nobody. Whoever may change the issue may assign it;
 * the assignee must be a member of the issue's project (the database holds to that too, and unassigns a member's
 * issues when they leave the project: see V17). Every change is one audit entry, {@code issue_assigned}, naming
 * the issues ({@code details.issues}, {@code details.count}) and the assignee ({@code details.assignee}: a user id,
 * or null for "unassigned").
 */
@Service
@Transactional
public class IssueAssignmentService {

    private final IssueQueries issues;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final ProjectAccess access;
    private final IssueActivity activity;

    public IssueAssignmentService(IssueQueries issues, JdbcClient jdbc, AuditLog audit, ProjectAccess access,
                                  IssueActivity activity) {
        this.activity = activity;
        this.issues = issues;
        this.jdbc = jdbc;
        this.audit = audit;
        this.access = access;
    }

    /**
     * Assigns the issue to the member with that e-mail address, or unassigns it (email null or blank).
     * Refused with an {@link IllegalArgumentException}, changing nothing, when nobody active in the project has
     * that address.
     */
    public IssueSummary assign(Caller caller, long issueId, String email) {
        IssueSummary issue = issues.get(caller, issueId);
        caller.requireScope(Scope.PROJECT_WRITE);
        Long assignee = email == null || email.isBlank() ? null : member(issue.projectId(), email);
        change(caller, issue.projectId(), List.of(issueId), assignee);
        return issues.get(caller, issueId);
    }

    /** Assigns the issue to the caller (the issue page's button and its keyboard shortcut). */
    public IssueSummary assignToMe(Caller caller, long issueId) {
        IssueSummary issue = issues.get(caller, issueId);
        caller.requireScope(Scope.PROJECT_WRITE);
        if (!isMember(issue.projectId(), caller.userId())) {
            throw new IllegalArgumentException("You are not a member of this project, so issues cannot be assigned to you "
                    + "(administrators see every project without being members; add yourself under Members first).");
        }
        change(caller, issue.projectId(), List.of(issueId), caller.userId());
        return issues.get(caller, issueId);
    }

    /**
     * Assigns (or, with a blank e-mail, unassigns) the chosen issues the caller reaches; others are skipped, as in
     * bulk triage. Refused as a whole, changing nothing, when the assignee is not a member of every project involved.
     * How many issues it changed.
     */
    public int assignAll(Caller caller, Collection<Long> issueIds, String email) {
        Map<Long, List<Long>> byProject = new TreeMap<>();
        jdbc.sql("select id, project_id from issues where id = any(?) order by id")
                .param(issueIds.toArray(Long[]::new))
                .query(rs -> {
                    byProject.computeIfAbsent(rs.getLong("project_id"), p -> new ArrayList<>()).add(rs.getLong("id"));
                });
        byProject.keySet().removeIf(projectId -> !access.reaches(caller, projectId));
        if (byProject.isEmpty()) {
            return 0;
        }
        caller.requireScope(Scope.PROJECT_WRITE);
        Map<Long, Long> assignees = new HashMap<>(); // checked for every project before anything changes
        for (long projectId : byProject.keySet()) {
            assignees.put(projectId, email == null || email.isBlank() ? null : member(projectId, email));
        }
        int changed = 0;
        for (var project : byProject.entrySet()) {
            changed += change(caller, project.getKey(), project.getValue(), assignees.get(project.getKey()));
        }
        return changed;
    }

    /** Sets the assignee of those of the issues that have another one; one audit entry for them. */
    private int change(Caller caller, long projectId, List<Long> issueIds, Long assignee) {
        List<Long> changed = jdbc.sql("""
                        update issues set assignee_user_id = ?
                        where id = any(?) and assignee_user_id is distinct from ? returning id""")
                .params(assignee, issueIds.toArray(Long[]::new), assignee).query(Long.class).list()
                .stream().sorted().toList();
        if (changed.isEmpty()) {
            return 0; // already so: nothing to record
        }
        Map<String, Object> details = new HashMap<>();
        details.put("issues", changed);
        details.put("count", changed.size());
        details.put("assignee", assignee);
        String target = changed.size() == 1 ? "issue " + changed.getFirst() : changed.size() + " issues";
        audit.record(caller, AuditLog.Action.ISSUE_ASSIGNED, projectId, target, details);
        Map<String, Object> timeline = new HashMap<>(); // neither key: unassigned
        if (assignee != null) {
            timeline.put("assigneeUserId", assignee);
            timeline.put("assignee", jdbc.sql("select email from users where id = ?").param(assignee).query(String.class).single());
        }
        activity.recordAll(changed, IssueActivity.Kind.ASSIGNED, caller.userId(), timeline);
        IssueChanges.announce(jdbc, projectId); // open lists and issue pages show it live
        return changed.size();
    }

    private long member(long projectId, String email) {
        return jdbc.sql("""
                        select u.id from users u join project_members m on m.user_id = u.id and m.project_id = ?
                        where lower(u.email) = lower(?) and u.disabled_at is null""")
                .params(projectId, email.strip()).query(Long.class).optional()
                .orElseThrow(() -> new IllegalArgumentException("Issues can only be assigned to members of their project, "
                        + "and no active member has the address " + email.strip() + "."));
    }

    private boolean isMember(long projectId, long userId) {
        return jdbc.sql("select exists (select 1 from project_members where project_id = ? and user_id = ?)")
                .params(projectId, userId).query(Boolean.class).single();
    }
}
