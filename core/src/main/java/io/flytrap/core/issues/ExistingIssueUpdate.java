package io.flytrap.core.issues;

import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds a batch's events to the issues that existed before it, all in one statement (issue #24: one upsert and one
 * status read per issue were two round trips each, about a hundred per batch, made while the batch held the issue
 * locks). The same columns change as in {@link IssueRecorder}'s upsert. Part of its transaction, which has locked
 * these rows already ({@link MergeRedirect#lock}): the status read beside the update is the one before this batch.
 */
final class ExistingIssueUpdate {

    private static final String UPDATE = """
            update issues set
                ADD_BATCH
            from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::timestamptz[],
                        ?::timestamptz[], ?::timestamptz[], ?::bigint[], ?::text[], ?::text[])
                   as u(id, title, culprit, message, level, unhandled, first_seen, last_seen, arrived, count,
                        last_release, releases),
                 issues before
            where issues.id = u.id and before.id = u.id
            returning issues.id, before.status as previous_status, issues.status"""
            .replace("ADD_BATCH", IssueRecorder.ADD_BATCH.replace("excluded.event_count", "u.count")
                    .replace("excluded.", "u.").replace(":releases", "u.releases")
                    .replace("cast(:arrived as timestamptz)", "u.arrived"));

    private ExistingIssueUpdate() {
    }

    /** Updates each issue by its id; returns what happened to each, by id. */
    static Map<Long, StoredIssue> apply(JdbcClient jdbc, JsonMapper json, Map<Long, IssueBatch> byId) {
        Map<Long, StoredIssue> stored = new HashMap<>();
        if (byId.isEmpty()) {
            return stored;
        }
        List<Map.Entry<Long, IssueBatch>> rows = List.copyOf(byId.entrySet());
        jdbc.sql(UPDATE)
                .params(rows.stream().map(Map.Entry::getKey).toArray(Long[]::new),
                        rows.stream().map(r -> r.getValue().latest().title()).toArray(String[]::new),
                        rows.stream().map(r -> r.getValue().latest().culprit()).toArray(String[]::new),
                        rows.stream().map(r -> r.getValue().message()).toArray(String[]::new),
                        rows.stream().map(r -> r.getValue().latest().event().level().wireName()).toArray(String[]::new),
                        rows.stream().map(r -> r.getValue().unhandled()).toArray(Boolean[]::new),
                        // as ISO-8601 text: the driver sends no array of timestamps
                        rows.stream().map(r -> r.getValue().earliest().event().occurredAt().toString()).toArray(String[]::new),
                        rows.stream().map(r -> r.getValue().latest().event().occurredAt().toString()).toArray(String[]::new),
                        rows.stream().map(r -> r.getValue().arrived().toString()).toArray(String[]::new),
                        rows.stream().map(r -> (long) r.getValue().occurrences().size()).toArray(Long[]::new),
                        rows.stream().map(r -> r.getValue().latest().event().release()).toArray(String[]::new),
                        rows.stream().map(r -> r.getValue().releasesJson(json)).toArray(String[]::new))
                .query(rs -> {
                    long id = rs.getLong("id");
                    IssueBatch batch = byId.get(id);
                    stored.put(id, new StoredIssue(id, batch.key().projectId(), false,
                            "resolved".equals(rs.getString("previous_status")) && "unresolved".equals(rs.getString("status")),
                            batch.events()));
                });
        return stored;
    }
}
