package io.flytrap.core.issues;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL of a merge and its undo, over rows the caller has locked. A primary's row and per-issue side tables are the
 * sum of its members (the issues merged into it, its own hidden copy among them), rebuilt from theirs; hourly counts
 * are never summed, the primary's chart reads its members' (see IssueMembers), so project totals count each event once.
 */
final class MergedTotals {

    private MergedTotals() {
    }

    /**
     * Gives the primary's own totals to a hidden copy that takes over its fingerprint (so the processor files the
     * primary's future events there, see MergeRedirect) and its hourly counts; the primary keeps its id, status and
     * everything else. Returns the copy's id.
     */
    static long createShadow(JdbcClient jdbc, long primaryId, java.time.Instant now) {
        String fingerprint = jdbc.sql("select fingerprint from issues where id = ?").param(primaryId).query(String.class).single();
        // a fingerprint no grouping produces (those are hex digests), so no event is filed into the primary directly
        jdbc.sql("update issues set fingerprint = 'merged:' || id where id = ?").param(primaryId).update();
        long shadow = jdbc.sql("""
                        insert into issues (project_id, grouping_version, fingerprint, title, culprit, exception_type, level,
                                            status, unhandled, first_seen, last_seen, event_count, first_release,
                                            last_release, message, user_count, regressed_at, times_regressed, merged_into)
                        select project_id, grouping_version, ?, title, culprit, exception_type, level, 'merged', unhandled,
                               first_seen, last_seen, event_count, first_release, last_release, message, user_count,
                               regressed_at, times_regressed, id
                        from issues where id = ? returning id""")
                .params(fingerprint, primaryId).query(Long.class).single();
        jdbc.sql("insert into issue_users (issue_id, user_key) select ?, user_key from issue_users where issue_id = ?")
                .params(shadow, primaryId).update();
        jdbc.sql("insert into issue_tags (issue_id, project_id, key, value) select ?, project_id, key, value from issue_tags where issue_id = ?")
                .params(shadow, primaryId).update();
        jdbc.sql("""
                        insert into issue_environments (issue_id, environment, first_seen, last_seen)
                        select ?, environment, first_seen, last_seen from issue_environments where issue_id = ?""")
                .params(shadow, primaryId).update();
        jdbc.sql("""
                        insert into issue_releases (issue_id, release, first_seen, last_seen)
                        select ?, release, first_seen, last_seen from issue_releases where issue_id = ?""")
                .params(shadow, primaryId).update();
        jdbc.sql("update issue_hourly_counts set issue_id = ? where issue_id = ?").params(shadow, primaryId).update();
        jdbc.sql("insert into issue_merges (issue_id, shadow, status_before, merged_at) select ?, true, status, ? from issues where id = ?")
                .params(shadow, java.sql.Timestamp.from(now), primaryId).update();
        return shadow;
    }

    /** Hides the issue inside the primary, remembering its status for an undo. */
    static void hide(JdbcClient jdbc, long issueId, long primaryId, java.time.Instant now) {
        jdbc.sql("insert into issue_merges (issue_id, shadow, status_before, merged_at) select id, false, status, ? from issues where id = ?")
                .params(java.sql.Timestamp.from(now), issueId).update();
        jdbc.sql("update issues set status = 'merged', merged_into = ? where id = ?").params(primaryId, issueId).update();
    }

    /** Shows a merged issue again, as it was: its own totals never stopped being kept. */
    static void restore(JdbcClient jdbc, long issueId) {
        jdbc.sql("""
                        update issues set status = m.status_before, merged_into = null
                        from issue_merges m where m.issue_id = issues.id and issues.id = ?""")
                .param(issueId).update();
        jdbc.sql("delete from issue_merges where issue_id = ?").param(issueId).update();
    }

    /**
     * Ends the primary's merge: its own totals, hourly counts and fingerprint come back from the hidden copy, which
     * goes. Call after {@link #restore restoring} the other members, when the copy is the only one left.
     */
    static void dropShadow(JdbcClient jdbc, long primaryId, long shadowId) {
        rebuild(jdbc, primaryId);
        jdbc.sql("update issue_hourly_counts set issue_id = ? where issue_id = ?").params(primaryId, shadowId).update();
        String fingerprint = jdbc.sql("select fingerprint from issues where id = ?").param(shadowId).query(String.class).single();
        // the copy never holds events (MergeRedirect stores the primary's own under the primary); should one be
        // there, deleting the copy would delete it too: refuse and roll back rather than lose an event
        if (jdbc.sql("select exists (select 1 from events where issue_id = ?)").param(shadowId).query(Boolean.class).single()) {
            throw new IllegalStateException("issue " + shadowId + " holds events; not undoing the merge into " + primaryId);
        }
        jdbc.sql("delete from issues where id = ?").param(shadowId).update(); // its side rows and issue_merges row cascade
        jdbc.sql("update issues set fingerprint = ? where id = ?").params(fingerprint, primaryId).update();
    }

    /** The primary's counts, users, tags, environments and releases as the sum of its members'. */
    static void rebuild(JdbcClient jdbc, long primaryId) {
        jdbc.sql("""
                        update issues p set event_count = s.events, first_seen = s.first_seen, last_seen = s.last_seen,
                                            unhandled = s.unhandled, first_release = s.first_release,
                                            last_release = s.last_release
                        from (select sum(event_count) as events, min(first_seen) as first_seen, max(last_seen) as last_seen,
                                     bool_or(unhandled) as unhandled,
                                     (array_agg(first_release order by first_seen))[1] as first_release,
                                     (array_agg(last_release order by last_seen desc))[1] as last_release
                              from issues where merged_into = :primary) s
                        where p.id = :primary""")
                .param("primary", primaryId).update();
        jdbc.sql("delete from issue_users where issue_id = ?").param(primaryId).update();
        jdbc.sql("""
                        insert into issue_users (issue_id, user_key)
                        select distinct ?, user_key from issue_users where issue_id in (select id from issues where merged_into = ?)""")
                .params(primaryId, primaryId).update();
        jdbc.sql("update issues set user_count = (select count(*) from issue_users where issue_id = ?) where id = ?")
                .params(primaryId, primaryId).update();
        jdbc.sql("delete from issue_tags where issue_id = ?").param(primaryId).update();
        jdbc.sql("""
                        insert into issue_tags (issue_id, project_id, key, value)
                        select distinct ?, project_id, key, value from issue_tags
                        where issue_id in (select id from issues where merged_into = ?)""")
                .params(primaryId, primaryId).update();
        jdbc.sql("delete from issue_environments where issue_id = ?").param(primaryId).update();
        jdbc.sql("""
                        insert into issue_environments (issue_id, environment, first_seen, last_seen)
                        select ?, environment, min(first_seen), max(last_seen) from issue_environments
                        where issue_id in (select id from issues where merged_into = ?) group by environment""")
                .params(primaryId, primaryId).update();
        jdbc.sql("delete from issue_releases where issue_id = ?").param(primaryId).update();
        jdbc.sql("""
                        insert into issue_releases (issue_id, release, first_seen, last_seen)
                        select ?, release, min(first_seen), max(last_seen) from issue_releases
                        where issue_id in (select id from issues where merged_into = ?) group by release""")
                .params(primaryId, primaryId).update();
    }
}
