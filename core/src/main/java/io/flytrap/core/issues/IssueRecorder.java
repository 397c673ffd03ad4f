package io.flytrap.core.issues;

import io.flytrap.core.event.Event;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Files stored events into their issues: creates issues, adds counts, reopens resolved issues as regressions and
 * ends expired ignores, and keeps the per-issue environments, releases, tags, hourly counts and affected users. With
 * {@link IssueStatusService} it is the only writer of the issue tables; it runs in the caller's transaction, so
 * the events and their issues commit together or not at all.
 */
@Component
public class IssueRecorder {

    /** The free text search reads the latest message this far. */
    static final int MAX_MESSAGE = 1_000;

    private static final Comparator<IssueKey> ISSUE_ORDER = Comparator.comparingLong(IssueKey::projectId)
            .thenComparingInt(IssueKey::groupingVersion).thenComparing(IssueKey::fingerprint);

    /**
     * A resolved issue regresses on a new event, unless it was resolved in a release and no event of this batch
     * comes from a release that proves the fix failed. Resolved "in release X": the events of X or of a release
     * first seen after X regress it. Resolved "in the next release" after the release X current at the time (as
     * Sentry's in_next_release): only events of a release first seen after X do; X itself still has the bug. Events
     * from no release, or from releases first seen before X, never do (an older build still running).
     */
    static final String REGRESSION = """
            (issues.status = 'resolved' and (issues.resolved_in_release is null or exists (
                select 1 from jsonb_array_elements_text(cast(:releases as jsonb)) as r(version)
                join releases seen on seen.project_id = issues.project_id and seen.version = r.version
                join releases fix on fix.project_id = issues.project_id and fix.version = issues.resolved_in_release
                where case when issues.resolved_in_next_release then (seen.created_at, seen.id) > (fix.created_at, fix.id)
                           else seen.created_at >= fix.created_at end)))""";

    /** An ignore ends when its time has passed or the issue has had its allowed number of further events. */
    static final String IGNORE_EXPIRED = """
            (issues.status = 'ignored' and (
                (issues.ignored_until is not null and cast(:arrived as timestamptz) >= issues.ignored_until)
                or (issues.ignored_until_count is not null and issues.event_count + excluded.event_count >= issues.ignored_until_count)))""";

    /** What a batch changes on an existing issue, read from {@code excluded}; ExistingIssueUpdate reuses it. */
    static final String ADD_BATCH = """
                title = excluded.title,
                culprit = excluded.culprit,
                message = coalesce(excluded.message, issues.message),
                level = excluded.level,
                unhandled = issues.unhandled or excluded.unhandled,
                first_seen = least(issues.first_seen, excluded.first_seen),
                last_seen = greatest(issues.last_seen, excluded.last_seen),
                event_count = issues.event_count + excluded.event_count,
                last_release = coalesce(excluded.last_release, issues.last_release),
                status = case when REGRESSION or IGNORE_EXPIRED then 'unresolved' else issues.status end,
                resolved_at = case when REGRESSION then null else issues.resolved_at end,
                resolved_in_release = case when REGRESSION then null else issues.resolved_in_release end,
                resolved_in_next_release = case when REGRESSION then false else issues.resolved_in_next_release end,
                ignored_until = case when IGNORE_EXPIRED then null else issues.ignored_until end,
                ignored_until_count = case when IGNORE_EXPIRED then null else issues.ignored_until_count end,
                regressed_at = case when REGRESSION then cast(:arrived as timestamptz) else issues.regressed_at end,
                times_regressed = issues.times_regressed + case when REGRESSION then 1 else 0 end"""
            .replace("REGRESSION", REGRESSION).replace("IGNORE_EXPIRED", IGNORE_EXPIRED);

    private static final String SEEN_IN_ENVIRONMENT = """
            insert into issue_environments (issue_id, environment, first_seen, last_seen) values (?, ?, ?, ?)
            on conflict (issue_id, environment) do update set
                first_seen = least(issue_environments.first_seen, excluded.first_seen),
                last_seen = greatest(issue_environments.last_seen, excluded.last_seen)""";

    private static final String SEEN_IN_RELEASE = """
            insert into issue_releases (issue_id, release, first_seen, last_seen) values (?, ?, ?, ?)
            on conflict (issue_id, release) do update set
                first_seen = least(issue_releases.first_seen, excluded.first_seen),
                last_seen = greatest(issue_releases.last_seen, excluded.last_seen)""";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final JsonMapper json;
    private final IssueActivity activity;

    IssueRecorder(JdbcClient jdbc, JdbcTemplate jdbcTemplate, JsonMapper json, IssueActivity activity) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.json = json;
        this.activity = activity;
    }

    /**
     * Files each occurrence into its issue. {@code storeEvents} receives the issue of each occurrence, in the order
     * given, and stores the events: it runs after new issues are created and before the existing ones are locked and
     * updated (issue #24: a batch's copy of its events no longer holds other batches' updates of the same issues).
     */
    public RecordedIssues record(List<IssueOccurrence> occurrences, Consumer<List<Long>> storeEvents) {
        // before reading which issue an event goes to: no merge or undo can move a fingerprint until this commits
        ProjectIssueLock.share(jdbc, occurrences.stream().map(o -> o.event().projectId()).toList());
        Map<IssueKey, Long> existing = ExistingIssues.find(jdbc, occurrences);
        Map<Long, MergeRedirect.Target> merged = MergeRedirect.targets(jdbc, existing.values());
        Map<IssueOccurrence, IssueKey> keys = ExistingIssues.keys(occurrences, existing.keySet());
        // Upserted in one fixed order, so concurrent workers lock new issue rows in the same order and never deadlock
        Map<IssueKey, List<IssueOccurrence>> byIssue = occurrences.stream()
                .collect(Collectors.groupingBy(keys::get, () -> new TreeMap<>(ISSUE_ORDER), Collectors.toList()));
        Map<IssueKey, IssueBatch> batches = new LinkedHashMap<>();
        Map<Long, IssueBatch> existingBatches = new HashMap<>();
        Map<IssueKey, StoredIssue> created = new HashMap<>();
        Map<IssueOccurrence, Long> issueIds = new IdentityHashMap<>();
        byIssue.forEach((key, inIssue) -> {
            IssueBatch batch = IssueBatch.of(key, inIssue);
            batches.put(key, batch);
            Long existingId = existing.get(key);
            if (existingId != null) {
                existingBatches.put(existingId, batch);
            } else {
                created.put(key, NewIssueUpsert.upsert(jdbc, json, batch));
            }
            long issueId = existingId != null ? existingId : created.get(key).issueId();
            inIssue.forEach(occurrence -> issueIds.put(occurrence, issueId));
        });
        // Each event is counted in its own issue (exact again after an undo) and, when that one is merged, in the
        // primary the list shows; hourly counts only in its own, which the primary's chart reads (IssueMembers)
        Map<IssueOccurrence, Long> primaryIds = new IdentityHashMap<>();
        Map<IssueOccurrence, Long> eventIssueIds = new IdentityHashMap<>(issueIds);
        issueIds.forEach((occurrence, issueId) -> {
            MergeRedirect.Target target = merged.get(issueId);
            if (target != null) {
                primaryIds.put(occurrence, target.primaryId());
                if (target.shadow()) {
                    eventIssueIds.put(occurrence, target.primaryId()); // the primary's own events stay on the primary
                }
            }
        });
        storeEvents.accept(occurrences.stream().map(eventIssueIds::get).toList());
        MergeRedirect.lock(jdbc, existingBatches.keySet(), merged);
        Map<Long, StoredIssue> updated = ExistingIssueUpdate.apply(jdbc, json, existingBatches);
        List<StoredIssue> stored = new ArrayList<>();
        batches.forEach((key, batch) -> {
            Long existingId = existing.get(key);
            StoredIssue issue = existingId == null ? created.get(key) : updated.get(existingId);
            if (issue == null) {
                throw new IllegalStateException("issue " + existingId + " was locked but not updated");
            }
            if (issue.regressed()) {
                // in the timeline, with the release of the newest event, dated like regressed_at
                String release = batch.latest().event().release();
                activity.record(issue.issueId(), IssueActivity.Kind.REGRESSED, null,
                        release == null ? Map.of() : Map.of("release", release), batch.arrived());
            }
            if (!merged.containsKey(issue.issueId())) {
                stored.add(issue); // a merged issue is hidden: the alert rules see its primary instead, below
            }
        });
        stored.addAll(MergeRedirect.addToPrimaries(jdbc, json, primaryIds));
        for (Map<IssueOccurrence, Long> ids : List.of(issueIds, primaryIds)) {
            recordSeenIn(SEEN_IN_ENVIRONMENT, o -> o.event().environment(), occurrences, ids);
            recordSeenIn(SEEN_IN_RELEASE, o -> o.event().release(), occurrences, ids);
            IssueTagRecorder.record(jdbc, occurrences, ids);
            countAffectedUsers(occurrences, ids);
        }
        countPerHour(occurrences, issueIds);
        return new RecordedIssues(occurrences.stream().map(eventIssueIds::get).toList(), stored);
    }

    /**
     * Where each issue was seen: one row per (issue, environment) in issue_environments and per (issue, release)
     * in issue_releases, with the first and last time, for the issue list's filters.
     */
    private void recordSeenIn(String upsert, Function<IssueOccurrence, String> value,
                              List<IssueOccurrence> occurrences, Map<IssueOccurrence, Long> issueIds) {
        record Seen(long issueId, String value) {
        }
        Map<Seen, List<IssueOccurrence>> bySeen = occurrences.stream().filter(o -> issueIds.containsKey(o) && value.apply(o) != null)
                .collect(Collectors.groupingBy(o -> new Seen(issueIds.get(o), value.apply(o))));
        List<Object[]> rows = new ArrayList<>();
        bySeen.forEach((seen, list) -> rows.add(new Object[]{seen.issueId(), seen.value(),
                Timestamp.from(list.stream().map(o -> o.event().occurredAt()).min(Comparator.naturalOrder()).orElseThrow()),
                Timestamp.from(list.stream().map(o -> o.event().occurredAt()).max(Comparator.naturalOrder()).orElseThrow())}));
        if (!rows.isEmpty()) {
            jdbcTemplate.batchUpdate(upsert, rows);
        }
    }

    /**
     * Adds the batch's events to each issue's hourly counts (the charts and the projects overview read these), in the
     * hour each event happened, like first and last seen.
     */
    private void countPerHour(List<IssueOccurrence> occurrences, Map<IssueOccurrence, Long> issueIds) {
        record Bucket(long issueId, long projectId, Instant hour) {
        }
        Map<Bucket, Long> counts = occurrences.stream().collect(Collectors.groupingBy(
                o -> new Bucket(issueIds.get(o), o.event().projectId(), o.event().occurredAt().truncatedTo(ChronoUnit.HOURS)),
                // rows in one fixed order, so concurrent workers take the row locks in the same order (no deadlock)
                () -> new TreeMap<>(Comparator.comparingLong(Bucket::issueId).thenComparing(Bucket::hour)),
                Collectors.counting()));
        List<Object[]> rows = counts.entrySet().stream().map(e -> new Object[]{e.getKey().issueId(), e.getKey().projectId(),
                Timestamp.from(e.getKey().hour()), e.getValue()}).toList();
        jdbcTemplate.batchUpdate("""
                insert into issue_hourly_counts (issue_id, project_id, hour, events) values (?, ?, ?, ?)
                on conflict (issue_id, hour) do update set events = issue_hourly_counts.events + excluded.events""", rows);
    }

    /** Adds each issue's new distinct users: the rows the insert really added are the users not seen before. */
    private void countAffectedUsers(List<IssueOccurrence> occurrences, Map<IssueOccurrence, Long> issueIds) {
        Set<List<Object>> pairs = new LinkedHashSet<>();
        for (IssueOccurrence occurrence : occurrences) {
            if (occurrence.userKey() != null && issueIds.containsKey(occurrence)) {
                pairs.add(List.of(issueIds.get(occurrence), occurrence.userKey()));
            }
        }
        if (pairs.isEmpty()) {
            return;
        }
        Long[] issues = pairs.stream().map(pair -> (Long) pair.get(0)).toArray(Long[]::new);
        String[] users = pairs.stream().map(pair -> (String) pair.get(1)).toArray(String[]::new);
        jdbc.sql("""
                        with added as (
                            insert into issue_users (issue_id, user_key)
                            select * from unnest(?::bigint[], ?::text[]) on conflict do nothing
                            returning issue_id)
                        update issues set user_count = user_count + counts.n
                        from (select issue_id, count(*) as n from added group by issue_id) counts
                        where issues.id = counts.issue_id""")
                .params(issues, users).update();
    }
}
