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

    /** The batch's existing issues by key, all locked, and where the merged ones' events go. */
    record Locked(Map<IssueKey, Long> existing, Map<Long, Target> targets) {
    }

    /**
     * Finds and locks the issues the occurrences are filed into. A merge or undo that committed while this waited
     * for the locks may have moved a fingerprint between a primary and its hidden copy: so it looks again once the
     * rows are locked, until nothing moved (then nothing can: the merge service locks the same rows first).
     */
    static Locked lock(JdbcClient jdbc, List<IssueOccurrence> occurrences) {
        Map<IssueKey, Long> existing = ExistingIssues.find(jdbc, occurrences);
        Map<Long, Target> targets = lockWithPrimaries(jdbc, existing.values());
        for (Map<IssueKey, Long> again = ExistingIssues.find(jdbc, occurrences); !again.equals(existing);
             again = ExistingIssues.find(jdbc, occurrences)) {
            existing = again;
            targets = lockWithPrimaries(jdbc, existing.values());
        }
        return new Locked(existing, targets);
    }

    /**
     * Locks the batch's existing issues and the primaries they are merged into, all in id order, and says where each
     * merged one's events go. {@link IssueMergeService} locks the issues of a merge or undo in the same order, so the
     * two never deadlock, and what this reads cannot change before the batch commits: an event is counted in the
     * primary it belonged to when it was stored, never in both or neither. Should a merge commit between the first
     * read and the lock, the loop locks the new primary too (that rare second round can meet a deadlock, which
     * PostgreSQL breaks by failing one transaction: a batch is then retried event by event, so nothing is lost).
     */
    private static Map<Long, Target> lockWithPrimaries(JdbcClient jdbc, Collection<Long> existing) {
        Map<Long, Target> targets = new HashMap<>();
        if (existing.isEmpty()) {
            return targets;
        }
        TreeSet<Long> toLock = new TreeSet<>(existing);
        while (true) {
            // first without locks, to learn the primaries: locking them after their members would invert the order
            toLock.addAll(jdbc.sql("select merged_into from issues where id = any(?) and merged_into is not null")
                    .param(toLock.toArray(Long[]::new)).query(Long.class).list());
            targets.clear();
            jdbc.sql("""
                            select i.id, i.merged_into, coalesce(m.shadow, false) as shadow from issues i
                            left join issue_merges m on m.issue_id = i.id
                            where i.id = any(?) order by i.id for update of i""")
                    .param(toLock.toArray(Long[]::new))
                    .query(rs -> {
                        long primary = rs.getLong("merged_into");
                        if (!rs.wasNull()) {
                            targets.put(rs.getLong("id"), new Target(primary, rs.getBoolean("shadow")));
                        }
                    });
            boolean primariesLocked = targets.values().stream().allMatch(target -> toLock.contains(target.primaryId()));
            if (primariesLocked) {
                return targets;
            }
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
