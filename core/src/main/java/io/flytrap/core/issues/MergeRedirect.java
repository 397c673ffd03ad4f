package io.flytrap.core.issues;

import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The processor's side of merged issues: an event whose fingerprint names an issue merged into another is counted in
 * its own (hidden) issue, so an undo gives that issue back exactly, and also in the primary, which the list shows.
 * Part of {@link IssueRecorder}'s transaction.
 */
final class MergeRedirect {

    /** Where an existing issue's events go: the primary it is merged into, and whether it is the primary's own copy. */
    record Target(long primaryId, boolean shadow) {
    }

    /**
     * The primary's totals take the batch's events as the upsert takes them for an ordinary issue: counts, first and
     * last seen, regressions and expired ignores (the hidden member's status is 'merged', which neither changes).
     */
    private static final String ADD_TO_PRIMARY = """
            update issues set
                message = coalesce(:message, issues.message),
                unhandled = issues.unhandled or :unhandled,
                first_seen = least(issues.first_seen, :firstSeen),
                last_seen = greatest(issues.last_seen, :lastSeen),
                event_count = issues.event_count + :count,
                last_release = coalesce(:lastRelease, issues.last_release),
                status = case when REGRESSION or IGNORE_EXPIRED then 'unresolved' else issues.status end,
                resolved_at = case when REGRESSION then null else issues.resolved_at end,
                resolved_in_release = case when REGRESSION then null else issues.resolved_in_release end,
                ignored_until = case when IGNORE_EXPIRED then null else issues.ignored_until end,
                ignored_until_count = case when IGNORE_EXPIRED then null else issues.ignored_until_count end,
                regressed_at = case when REGRESSION then cast(:arrived as timestamptz) else issues.regressed_at end,
                times_regressed = issues.times_regressed + case when REGRESSION then 1 else 0 end
            where id = :id
            returning status"""
            .replace("REGRESSION", IssueRecorder.REGRESSION)
            .replace("IGNORE_EXPIRED", IssueRecorder.IGNORE_EXPIRED.replace("excluded.event_count", "cast(:count as bigint)"));

    private MergeRedirect() {
    }

    /**
     * Where each of the existing issues' events go, for those merged into another: read without row locks, as the
     * batch holds its projects' {@link ProjectIssueLock}, which every merge and undo needs to change this.
     */
    static Map<Long, Target> targets(JdbcClient jdbc, Collection<Long> existing) {
        Map<Long, Target> targets = new HashMap<>();
        if (existing.isEmpty()) {
            return targets;
        }
        jdbc.sql("""
                        select i.id, i.merged_into, coalesce(m.shadow, false) as shadow from issues i
                        left join issue_merges m on m.issue_id = i.id
                        where i.id = any(?) and i.merged_into is not null""")
                .param(existing.toArray(Long[]::new))
                .query(rs -> {
                    targets.put(rs.getLong("id"), new Target(rs.getLong("merged_into"), rs.getBoolean("shadow")));
                });
        return targets;
    }

    /**
     * Locks the batch's existing issues and the primaries they are merged into, all in id order, so that concurrent
     * batches never deadlock on them, and a regression or an expired ignore is counted once. "No key update", the
     * lock an update of these columns takes anyway: another batch's copy of events, whose foreign-key checks take
     * key-share locks on the same issues, does not wait for it.
     */
    static void lock(JdbcClient jdbc, Collection<Long> existing, Map<Long, Target> targets) {
        TreeSet<Long> toLock = new TreeSet<>(existing);
        targets.values().forEach(target -> toLock.add(target.primaryId()));
        if (!toLock.isEmpty()) {
            jdbc.sql("select id from issues where id = any(?) order by id for no key update")
                    .param(toLock.toArray(Long[]::new)).query(Long.class).list();
        }
    }

    static List<StoredIssue> addToPrimaries(JdbcClient jdbc, JsonMapper json, Map<IssueOccurrence, Long> primaryIds) {
        Map<Long, List<IssueOccurrence>> byPrimary = new TreeMap<>();
        primaryIds.forEach((occurrence, primary) -> byPrimary.computeIfAbsent(primary, p -> new ArrayList<>()).add(occurrence));
        List<StoredIssue> stored = new ArrayList<>();
        byPrimary.forEach((primary, inPrimary) -> {
            String releases = json.writeValueAsString(inPrimary.stream().map(o -> o.event().release())
                    .filter(Objects::nonNull).distinct().toList());
            boolean regressed = addToPrimary(jdbc, primary, inPrimary, releases);
            stored.add(new StoredIssue(primary, inPrimary.getFirst().event().projectId(), false, regressed,
                    inPrimary.stream().map(IssueOccurrence::event).toList()));
        });
        return stored;
    }

    /** Adds the occurrences to the primary's totals; whether that reopened it (a regression). */
    private static boolean addToPrimary(JdbcClient jdbc, long primaryId, List<IssueOccurrence> occurrences, String releases) {
        List<IssueOccurrence> byTime = new ArrayList<>(occurrences);
        byTime.sort(java.util.Comparator.comparing(o -> o.event().occurredAt()));
        IssueOccurrence earliest = byTime.getFirst();
        IssueOccurrence latest = byTime.getLast();
        String message = latest.event().message();
        String before = jdbc.sql("select status from issues where id = ?").param(primaryId).query(String.class).single();
        String after = jdbc.sql(ADD_TO_PRIMARY)
                .param("id", primaryId)
                .param("message", message == null ? null : message.substring(0, Math.min(message.length(), IssueRecorder.MAX_MESSAGE)))
                .param("unhandled", occurrences.stream().anyMatch(o -> !o.event().handled()))
                .param("firstSeen", Timestamp.from(earliest.event().occurredAt()))
                .param("lastSeen", Timestamp.from(latest.event().occurredAt()))
                .param("arrived", Timestamp.from(occurrences.stream().map(o -> o.event().receivedAt())
                        .max(java.util.Comparator.naturalOrder()).orElseThrow()))
                .param("count", occurrences.size())
                .param("lastRelease", latest.event().release())
                .param("releases", releases)
                .query(String.class).single();
        return "resolved".equals(before) && "unresolved".equals(after);
    }
}
