package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.access.Scope;
import io.flytrap.core.audit.AuditLog;
import io.flytrap.core.projects.ProjectAccess;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Merging issues of one project into one, and undoing it (as Sentry's merge and unmerge). Merging B and C into A
 * hides B and C (status 'merged', merged_into A): A then shows their events and the sum of their counts, users,
 * tags, environments, releases and charts, and the processor counts every later event of B's or C's fingerprint in
 * A as well (MergeRedirect). Nothing is moved out of B or C, and A's own totals go to a hidden copy, so an undo
 * gives each issue back exactly its own events and counts, including those that arrived while it was merged.
 * <p>
 * Why a status and a column: every list query already names statuses or can exclude one, so 'merged' hides the
 * issues everywhere at once; merged_into names the primary, and its foreign key deletes merged issues with it.
 * Events never change issue: the processor owns them, and a primary reads its members' (IssueMembers), so no event
 * can be lost or counted twice by a merge or an undo.
 */
@Service
@Transactional
public class IssueMergeService {

    private final JdbcClient jdbc;
    private final IssueQueries issues;
    private final ProjectAccess access;
    private final AuditLog audit;
    private final Clock clock;
    private final IssueActivity activity;

    public IssueMergeService(JdbcClient jdbc, IssueQueries issues, ProjectAccess access, AuditLog audit, Clock clock,
                             IssueActivity activity) {
        this.activity = activity;
        this.jdbc = jdbc;
        this.issues = issues;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Merges the issues into {@code into} (which may be among them). Refused, changing nothing, unless there are at
     * least two distinct issues of one project, each listed (not merged already) and none but {@code into} itself a
     * merge of others.
     */
    public IssueSummary merge(Caller caller, Collection<Long> issueIds, long into) {
        TreeSet<Long> all = new TreeSet<>(issueIds);
        all.add(into);
        if (all.size() < 2) {
            throw new IllegalArgumentException("merging needs at least two different issues");
        }
        if (all.size() > IssueQueries.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("at most " + IssueQueries.MAX_PAGE_SIZE + " issues can be merged at once");
        }
        IssueSummary primary = issues.get(caller, into);
        access.require(caller, primary.projectId(), Scope.PROJECT_WRITE);
        List<Long> others = new ArrayList<>(all);
        others.remove(into);
        ProjectIssueLock.exclude(jdbc, primary.projectId());
        lock(all, into);
        Map<Long, Row> rows = rows(all);
        for (long id : all) {
            Row row = rows.get(id);
            if (row == null || (row.projectId() != primary.projectId() && !access.reaches(caller, row.projectId()))) {
                throw new NotFoundException("issue"); // "not yours" and "does not exist" are one answer
            }
            if (row.projectId() != primary.projectId()) {
                throw new IllegalArgumentException("only issues of one project can be merged");
            }
            if ("merged".equals(row.status())) {
                throw new IllegalArgumentException("issue " + id + " is merged into another issue already");
            }
            if (id != into && row.merges() > 0) {
                throw new IllegalArgumentException("issue " + id + " has issues merged into it: undo that merge first");
            }
        }
        if (rows.get(into).merges() == 0) {
            MergedTotals.createShadow(jdbc, into, clock.instant());
        }
        others.forEach(id -> MergedTotals.hide(jdbc, id, into, clock.instant()));
        MergedTotals.rebuild(jdbc, into);
        audit.record(caller, AuditLog.Action.ISSUE_MERGED, primary.projectId(), "issue " + into,
                Map.of("issues", others, "count", others.size(), "into", into));
        activity.record(into, IssueActivity.Kind.MERGED, caller.userId(), Map.of("issues", others));
        IssueChanges.announce(jdbc, primary.projectId());
        return issues.get(caller, into);
    }

    /** Undoes every merge into the issue: each merged issue comes back with its own events and counts, as does it. */
    public IssueSummary unmerge(Caller caller, long issueId) {
        IssueSummary primary = issues.get(caller, issueId);
        access.require(caller, primary.projectId(), Scope.PROJECT_WRITE);
        ProjectIssueLock.exclude(jdbc, primary.projectId());
        List<Long> members = lock(List.of(issueId), issueId);
        Long shadow = jdbc.sql("""
                        select i.id from issues i join issue_merges m on m.issue_id = i.id
                        where i.merged_into = ? and m.shadow""")
                .param(issueId).query(Long.class).optional().orElse(null);
        if (shadow == null) {
            throw new IllegalArgumentException("no issues are merged into issue " + issueId);
        }
        List<Long> restored = members.stream().filter(id -> id != issueId && !id.equals(shadow)).toList();
        restored.forEach(id -> MergedTotals.restore(jdbc, id));
        MergedTotals.dropShadow(jdbc, issueId, shadow);
        audit.record(caller, AuditLog.Action.ISSUE_UNMERGED, primary.projectId(), "issue " + issueId,
                Map.of("issues", restored, "count", restored.size()));
        activity.record(issueId, IssueActivity.Kind.UNMERGED, caller.userId(), Map.of("issues", restored));
        IssueChanges.announce(jdbc, primary.projectId());
        return issues.get(caller, issueId);
    }

    /** The issues merged into this one, oldest first (its own hidden copy is not one of them); empty when none. */
    @Transactional(readOnly = true)
    public List<IssueSummary> mergedInto(Caller caller, long issueId) {
        issues.get(caller, issueId);
        return jdbc.sql(IssueQueries.SUMMARY_SELECT + """
                         join issue_merges m on m.issue_id = i.id
                        where i.merged_into = ? and not m.shadow order by i.id""")
                .param(issueId).query(IssueQueries.SUMMARY).list();
    }

    /**
     * The issue this one is merged into, which the list shows in its place (for a hidden copy of a primary, the primary
     * itself); empty when it is not merged.
     */
    @Transactional(readOnly = true)
    public Optional<IssueSummary> primaryOf(Caller caller, long issueId) {
        issues.get(caller, issueId);
        return jdbc.sql(IssueQueries.SUMMARY_SELECT + " where i.id = (select m.merged_into from issues m where m.id = ?)")
                .param(issueId).query(IssueQueries.SUMMARY).optional();
    }

    private record Row(long projectId, String status, long merges) {
    }

    private Map<Long, Row> rows(Collection<Long> ids) {
        Map<Long, Row> rows = new HashMap<>();
        jdbc.sql("""
                        select i.id, i.project_id, i.status, (select count(*) from issues c where c.merged_into = i.id) as merges
                        from issues i where i.id = any(?)""")
                .param(ids.toArray(Long[]::new))
                .query(rs -> {
                    rows.put(rs.getLong("id"), new Row(rs.getLong("project_id"), rs.getString("status"), rs.getLong("merges")));
                });
        return rows;
    }

    /**
     * Locks the issues and everything merged into the primary, in id order. Called under the project's
     * {@link ProjectIssueLock}: a batch storing events of the project finishes first or waits for this to commit,
     * so each of its events is counted where the merge state says when it commits. Returns the ids locked.
     */
    private List<Long> lock(Collection<Long> ids, long primaryId) {
        return jdbc.sql("select id from issues where id = any(?) or merged_into = ? order by id for update")
                .params(ids.toArray(Long[]::new), primaryId).query(Long.class).list();
    }
}
