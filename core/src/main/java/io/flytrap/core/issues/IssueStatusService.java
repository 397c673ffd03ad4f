package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.Scope;
import io.flytrap.core.audit.AuditLog;
import io.flytrap.core.projects.ProjectAccess;
import io.flytrap.core.releases.ReleaseRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Triage: resolve (now, or in a release), ignore (forever, for a while, or for a number of further events) and
 * reopen, one issue at a time or several chosen together. What happens when events keep coming is the processor's
 * part: see the issue upsert in EventStore.
 * <p>
 * Every change is written to the audit log the same way: one entry per action, naming the issues it changed
 * ({@code details.issues}, {@code details.count}). A bulk action is one entry, not one per issue.
 * <p>
 * Over Flytrap's usual 250 lines on purpose: each change comes for one issue, for chosen issues and for all issues
 * matching a query, and the three share the access, audit and activity recording here; split apart, each would
 * repeat it.
 */
@Service
@Transactional
public class IssueStatusService {

    static final int MAX_RELEASE_LENGTH = 250;
    /**
     * The most issues one "all matching" bulk action changes (Sentry's bulk limit too): each is its own update,
     * in one transaction with one audit entry naming them all, so the bound keeps both short. Beyond it, the
     * same action again takes the next ones (changed issues usually leave the query).
     */
    public static final int MAX_MATCHING = 1000;

    private final IssueQueries issues;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final ReleaseRegistry releases;
    private final ProjectAccess access;
    private final IssueActivity activity;

    public IssueStatusService(IssueQueries issues, JdbcClient jdbc, Clock clock, AuditLog audit, ReleaseRegistry releases,
                              ProjectAccess access, IssueActivity activity) {
        this.issues = issues;
        this.activity = activity;
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.releases = releases;
        this.access = access;
    }

    /**
     * @param inRelease null to resolve outright (any further event is a regression); otherwise events from
     *                  releases first seen before this one leave the issue resolved
     */
    public IssueSummary resolve(Caller caller, long issueId, String inRelease) {
        IssueSummary issue = issues.get(caller, issueId);
        requireListed(issue);
        caller.requireScope(Scope.PROJECT_WRITE);
        String release = inRelease == null || inRelease.isBlank() ? null : inRelease.strip();
        if (release != null) {
            if (release.length() > MAX_RELEASE_LENGTH) {
                throw new IllegalArgumentException("release must be at most " + MAX_RELEASE_LENGTH + " characters");
            }
            // A release not seen yet counts as newer than every release seen so far
            releases.registerSeen(List.of(new ReleaseRegistry.Named(issue.projectId(), release)));
        }
        markResolved(issueId, release, false);
        Map<String, Object> details = release == null ? Map.of() : Map.of("release", release);
        record(caller, AuditLog.Action.ISSUE_RESOLVED, issue.projectId(), List.of(issueId), details);
        activity.record(issueId, IssueActivity.Kind.RESOLVED, caller.userId(), details);
        IssueChanges.announce(jdbc, issue.projectId()); // open issue pages and lists show it live
        return issues.get(caller, issueId);
    }

    /**
     * Resolves the issue in the next release, as Sentry means it: the release after the project's current one (the
     * release first seen last, see {@link #currentRelease}). Events from the current release or any release first
     * seen before it leave the issue resolved (that build still has the bug); an event from a release first seen
     * after it reopens the issue as a regression. Refused when the project has seen no release yet: there is no
     * "current" to be after (resolve outright instead).
     */
    public IssueSummary resolveInNextRelease(Caller caller, long issueId) {
        IssueSummary issue = issues.get(caller, issueId);
        caller.requireScope(Scope.PROJECT_WRITE);
        String current = currentReleaseOf(issue.projectId())
                .orElseThrow(() -> new IllegalArgumentException("the project has no release yet: resolve the issue outright"));
        markResolved(issueId, current, true);
        Map<String, Object> details = Map.of("release", current, "nextRelease", true);
        record(caller, AuditLog.Action.ISSUE_RESOLVED, issue.projectId(), List.of(issueId), details);
        activity.record(issueId, IssueActivity.Kind.RESOLVED, caller.userId(), details);
        IssueChanges.announce(jdbc, issue.projectId());
        return issues.get(caller, issueId);
    }

    /**
     * The project's current release: the one first seen last (by an event, a resolution or a build pipeline), as
     * Sentry takes the most recently added release. Empty when it has none.
     */
    @Transactional(readOnly = true)
    public java.util.Optional<String> currentRelease(Caller caller, long projectId) {
        access.require(caller, projectId, Scope.PROJECT_READ);
        return currentReleaseOf(projectId);
    }

    private java.util.Optional<String> currentReleaseOf(long projectId) {
        // the same order as the regression check's comparison (IssueRecorder.REGRESSION): first seen, then id
        return jdbc.sql("select version from releases where project_id = ? order by created_at desc, id desc limit 1")
                .param(projectId).query(String.class).optional();
    }

    /**
     * @param forDuration null, or how long to ignore it
     * @param moreEvents  null, or how many further events to ignore
     */
    public IssueSummary ignore(Caller caller, long issueId, Duration forDuration, Long moreEvents) {
        IssueSummary issue = issues.get(caller, issueId);
        requireListed(issue);
        caller.requireScope(Scope.PROJECT_WRITE);
        if (forDuration != null && (forDuration.isNegative() || forDuration.isZero())) {
            throw new IllegalArgumentException("the ignore duration must be positive");
        }
        if (moreEvents != null && moreEvents <= 0) {
            throw new IllegalArgumentException("the number of events to ignore must be positive");
        }
        jdbc.sql("""
                        update issues set status = 'ignored', resolved_at = null, resolved_in_release = null, resolved_in_next_release = false,
                                          ignored_until = ?, ignored_until_count = ?
                        where id = ?""")
                .params(forDuration == null ? null : Timestamp.from(clock.instant().plus(forDuration)),
                        moreEvents == null ? null : issue.eventCount() + moreEvents, issueId)
                .update();
        Map<String, Object> details = new HashMap<>();
        if (forDuration != null) {
            details.put("forSeconds", forDuration.toSeconds());
        }
        if (moreEvents != null) {
            details.put("moreEvents", moreEvents);
        }
        record(caller, AuditLog.Action.ISSUE_IGNORED, issue.projectId(), List.of(issueId), details);
        activity.record(issueId, IssueActivity.Kind.IGNORED, caller.userId(), details);
        IssueChanges.announce(jdbc, issue.projectId());
        return issues.get(caller, issueId);
    }

    /** Deletes the issue with all its events; a later event of the same kind starts a new issue. */
    public void delete(Caller caller, long issueId) {
        IssueSummary issue = issues.get(caller, issueId);
        requireListed(issue);
        // events are gone for good: as in Sentry, deleting is an administrator's scope
        caller.requireScope(Scope.PROJECT_ADMIN);
        jdbc.sql("delete from issues where id = ?").param(issueId).update();
        IssueChanges.announce(jdbc, issue.projectId());
        record(caller, AuditLog.Action.ISSUE_DELETED, issue.projectId(), List.of(issueId),
                Map.of("title", issue.title(), "events", issue.eventCount()));
    }

    public IssueSummary reopen(Caller caller, long issueId) {
        IssueSummary issue = issues.get(caller, issueId);
        requireListed(issue);
        caller.requireScope(Scope.PROJECT_WRITE);
        jdbc.sql("""
                        update issues set status = 'unresolved', resolved_at = null, resolved_in_release = null, resolved_in_next_release = false,
                                          ignored_until = null, ignored_until_count = null
                        where id = ?""")
                .param(issueId).update();
        record(caller, AuditLog.Action.ISSUE_REOPENED, issue.projectId(), List.of(issueId), Map.of());
        activity.record(issueId, IssueActivity.Kind.REOPENED, caller.userId(), Map.of());
        IssueChanges.announce(jdbc, issue.projectId());
        return issues.get(caller, issueId);
    }

    /** Resolves the chosen issues the caller reaches (others are gone or not theirs: skipped); how many it resolved. */
    public int resolveAll(Caller caller, Collection<Long> issueIds) {
        return changeAll(caller, issueIds, Scope.PROJECT_WRITE, AuditLog.Action.ISSUE_RESOLVED, IssueActivity.Kind.RESOLVED,
                issueId -> markResolved(issueId, null, false));
    }

    /** Ignores the chosen issues the caller reaches until someone reopens them; how many it ignored. */
    public int ignoreAll(Caller caller, Collection<Long> issueIds) {
        return changeAll(caller, issueIds, Scope.PROJECT_WRITE, AuditLog.Action.ISSUE_IGNORED, IssueActivity.Kind.IGNORED, issueId -> jdbc.sql("""
                        update issues set status = 'ignored', resolved_at = null, resolved_in_release = null, resolved_in_next_release = false,
                                          ignored_until = null, ignored_until_count = null
                        where id = ?""").param(issueId).update());
    }

    /** Deletes the chosen issues the caller reaches, with their events; how many it deleted. */
    public int deleteAll(Caller caller, Collection<Long> issueIds) {
        return changeAll(caller, issueIds, Scope.PROJECT_ADMIN, AuditLog.Action.ISSUE_DELETED, null,
                issueId -> jdbc.sql("delete from issues where id = ?").param(issueId).update());
    }

    /**
     * Resolves the project's issues that match the filter when this runs (at most {@link #MAX_MATCHING}); how many
     * it resolved. A project the caller is not a member of is not found, as when reading its issues.
     */
    public int resolveMatching(Caller caller, long projectId, IssueFilter filter) {
        return resolveAll(caller, issues.matchingIds(caller, projectId, filter, MAX_MATCHING));
    }

    /** Ignores the project's issues that match the filter (at most {@link #MAX_MATCHING}); how many it ignored. */
    public int ignoreMatching(Caller caller, long projectId, IssueFilter filter) {
        return ignoreAll(caller, issues.matchingIds(caller, projectId, filter, MAX_MATCHING));
    }

    /** Deletes the project's issues that match the filter (at most {@link #MAX_MATCHING}); how many it deleted. */
    public int deleteMatching(Caller caller, long projectId, IssueFilter filter) {
        return deleteAll(caller, issues.matchingIds(caller, projectId, filter, MAX_MATCHING));
    }

    private void markResolved(long issueId, String release, boolean nextRelease) {
        jdbc.sql("""
                        update issues set status = 'resolved', resolved_at = ?, resolved_in_release = ?,
                                          resolved_in_next_release = ?, ignored_until = null, ignored_until_count = null
                        where id = ?""")
                .params(Timestamp.from(clock.instant()), release, nextRelease, issueId).update();
    }

    /**
     * Issues out of the caller's reach are skipped without an exception: a participating method that threw would
     * mark the whole transaction for rollback, and the reachable ones must still change. A bulk action comes from
     * one project's list; ids from several projects get one audit entry per project.
     */
    private int changeAll(Caller caller, Collection<Long> issueIds, Scope needed, AuditLog.Action action,
                          IssueActivity.Kind kind, LongConsumer change) {
        Map<Long, List<Long>> byProject = new TreeMap<>();
        // one read for the whole selection, in id order so audit entries list the issues the same way every time
        // issues merged into another are changed through that one (IssueMergeService): skipped like foreign ones
        jdbc.sql("select id, project_id from issues where id = any(?) and status <> 'merged' order by id")
                .param(issueIds.toArray(Long[]::new))
                .query(rs -> {
                    byProject.computeIfAbsent(rs.getLong("project_id"), p -> new ArrayList<>()).add(rs.getLong("id"));
                });
        byProject.keySet().removeIf(projectId -> !access.reaches(caller, projectId));
        if (byProject.isEmpty()) {
            return 0;
        }
        caller.requireScope(needed);
        int changed = 0;
        for (var project : byProject.entrySet()) {
            project.getValue().forEach(change::accept);
            record(caller, action, project.getKey(), project.getValue(), Map.of());
            if (kind != null) { // a deleted issue has no history left to add to
                activity.recordAll(project.getValue(), kind, caller.userId(), Map.of("bulk", true));
            }
            IssueChanges.announce(jdbc, project.getKey());
            changed += project.getValue().size();
        }
        return changed;
    }

    /** A merged issue is part of another; changing it alone would show it in the list again, outside its primary. */
    private static void requireListed(IssueSummary issue) {
        if ("merged".equals(issue.status())) {
            throw new IllegalArgumentException("this issue is merged into another: change that one, or undo the merge");
        }
    }

    private void record(Caller caller, AuditLog.Action action, long projectId, List<Long> issueIds, Map<String, ?> extra) {
        Map<String, Object> details = new HashMap<>(extra);
        details.put("issues", issueIds);
        details.put("count", issueIds.size());
        String target = issueIds.size() == 1 ? "issue " + issueIds.getFirst() : issueIds.size() + " issues";
        audit.record(caller, action, projectId, target, details);
    }
}
