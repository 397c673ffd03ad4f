package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.Scope;
import io.flytrap.core.audit.AuditLog;
import io.flytrap.core.releases.ReleaseRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Triage: resolve (now, or in a release), ignore (forever, for a while, or for a number of further events) and
 * reopen. What happens when events keep coming is the processor's part: see the issue upsert in EventStore.
 */
@Service
@Transactional
public class IssueStatusService {

    static final int MAX_RELEASE_LENGTH = 250;

    private final IssueQueries issues;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final ReleaseRegistry releases;

    public IssueStatusService(IssueQueries issues, JdbcClient jdbc, Clock clock, AuditLog audit, ReleaseRegistry releases) {
        this.issues = issues;
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.releases = releases;
    }

    /**
     * @param inRelease null to resolve outright (any further event is a regression); otherwise events from
     *                  releases first seen before this one leave the issue resolved
     */
    public IssueSummary resolve(Caller caller, long issueId, String inRelease) {
        IssueSummary issue = issues.get(caller, issueId);
        caller.requireScope(Scope.PROJECT_WRITE);
        String release = inRelease == null || inRelease.isBlank() ? null : inRelease.strip();
        if (release != null) {
            if (release.length() > MAX_RELEASE_LENGTH) {
                throw new IllegalArgumentException("release must be at most " + MAX_RELEASE_LENGTH + " characters");
            }
            // A release not seen yet counts as newer than every release seen so far
            releases.registerSeen(List.of(new ReleaseRegistry.Named(issue.projectId(), release)));
        }
        jdbc.sql("""
                        update issues set status = 'resolved', resolved_at = ?, resolved_in_release = ?,
                                          ignored_until = null, ignored_until_count = null
                        where id = ?""")
                .params(Timestamp.from(clock.instant()), release, issueId).update();
        IssueChanges.announce(jdbc, issue.projectId()); // open issue pages and lists show it live
        return issues.get(caller, issueId);
    }

    /**
     * @param forDuration null, or how long to ignore it
     * @param moreEvents  null, or how many further events to ignore
     */
    public IssueSummary ignore(Caller caller, long issueId, Duration forDuration, Long moreEvents) {
        IssueSummary issue = issues.get(caller, issueId);
        caller.requireScope(Scope.PROJECT_WRITE);
        if (forDuration != null && (forDuration.isNegative() || forDuration.isZero())) {
            throw new IllegalArgumentException("the ignore duration must be positive");
        }
        if (moreEvents != null && moreEvents <= 0) {
            throw new IllegalArgumentException("the number of events to ignore must be positive");
        }
        jdbc.sql("""
                        update issues set status = 'ignored', resolved_at = null, resolved_in_release = null,
                                          ignored_until = ?, ignored_until_count = ?
                        where id = ?""")
                .params(forDuration == null ? null : Timestamp.from(clock.instant().plus(forDuration)),
                        moreEvents == null ? null : issue.eventCount() + moreEvents, issueId)
                .update();
        IssueChanges.announce(jdbc, issue.projectId());
        return issues.get(caller, issueId);
    }

    /** Deletes the issue with all its events; a later event of the same kind starts a new issue. */
    public void delete(Caller caller, long issueId) {
        IssueSummary issue = issues.get(caller, issueId);
        // events are gone for good: as in Sentry, deleting is an administrator's scope
        caller.requireScope(Scope.PROJECT_ADMIN);
        jdbc.sql("delete from issues where id = ?").param(issueId).update();
        IssueChanges.announce(jdbc, issue.projectId());
        audit.record(caller, AuditLog.Action.ISSUE_DELETED, issue.projectId(), "issue " + issueId,
                Map.of("title", issue.title(), "events", issue.eventCount()));
    }

    public IssueSummary reopen(Caller caller, long issueId) {
        IssueSummary issue = issues.get(caller, issueId);
        caller.requireScope(Scope.PROJECT_WRITE);
        jdbc.sql("""
                        update issues set status = 'unresolved', resolved_at = null, resolved_in_release = null,
                                          ignored_until = null, ignored_until_count = null
                        where id = ?""")
                .param(issueId).update();
        IssueChanges.announce(jdbc, issue.projectId());
        return issues.get(caller, issueId);
    }
}
