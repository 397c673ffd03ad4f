package io.flytrap.core.issues;

import io.flytrap.core.event.Event;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;

/**
 * Files a batch's occurrences into an issue not found before the batch: creates it, or updates it when another
 * worker created it meanwhile. Part of {@link IssueRecorder}'s transaction.
 */
final class NewIssueUpsert {

    private static final String UPSERT_ISSUE = """
            insert into issues (project_id, grouping_version, fingerprint, title, culprit, exception_type, level,
                                unhandled, first_seen, last_seen, event_count, first_release, last_release, message)
            values (:projectId, :groupingVersion, :fingerprint, :title, :culprit, :type, :level,
                    :unhandled, :firstSeen, :lastSeen, :count, :firstRelease, :lastRelease, :message)
            on conflict (project_id, grouping_version, fingerprint) do update set
ADD_BATCH
            returning id, (xmax = 0) as inserted, status""".replace("ADD_BATCH", IssueRecorder.ADD_BATCH);

    private NewIssueUpsert() {
    }

    /**
     * The status is read first under the row lock the upsert keeps until commit, so "resolved before, unresolved
     * after" names a regression exactly once however many workers race; they upsert in one order (ISSUE_ORDER). The
     * lock is the upsert's own, "no key update": other batches' copies of events into the issue do not wait for it.
     */
    static StoredIssue upsert(JdbcClient jdbc, JsonMapper json, IssueBatch batch) {
        IssueKey key = batch.key();
        Event event = batch.latest().event();
        String previousStatus = jdbc.sql("""
                        select status from issues where project_id = ? and grouping_version = ? and fingerprint = ?
                        for no key update""")
                .params(key.projectId(), key.groupingVersion(), key.fingerprint()).query(String.class).optional().orElse(null);
        return jdbc.sql(UPSERT_ISSUE)
                .param("projectId", key.projectId())
                .param("groupingVersion", key.groupingVersion())
                .param("fingerprint", key.fingerprint())
                .param("title", batch.latest().title())
                .param("culprit", batch.latest().culprit())
                .param("type", event.primaryException() == null ? null : event.primaryException().type())
                .param("level", event.level().wireName())
                .param("unhandled", batch.unhandled())
                .param("firstSeen", batch.firstSeen())
                .param("lastSeen", batch.lastSeen())
                .param("arrived", Timestamp.from(batch.arrived()))
                .param("count", batch.occurrences().size())
                .param("firstRelease", batch.earliest().event().release())
                .param("lastRelease", event.release())
                .param("message", batch.message())
                .param("releases", batch.releasesJson(json))
                .query((rs, i) -> new StoredIssue(rs.getLong("id"), key.projectId(), rs.getBoolean("inserted"),
                        "resolved".equals(previousStatus) && "unresolved".equals(rs.getString("status")),
                        batch.events()))
                .single();
    }
}
