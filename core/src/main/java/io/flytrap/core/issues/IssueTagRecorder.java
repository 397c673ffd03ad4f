package io.flytrap.core.issues;

import io.flytrap.core.event.Event;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Keeps issue_tags: each distinct tag of an issue's events, and the user fields and contexts the search names like
 * tags, so the issue list's filters on them never read the events. Part of {@link IssueRecorder}'s transaction.
 */
final class IssueTagRecorder {

    private record Row(long issueId, long projectId, String key, String value) {
    }

    /** Rows in one fixed order, so concurrent workers wait on each other's new rows in the same order (no deadlock). */
    private static final Comparator<Row> ORDER = Comparator.comparingLong(Row::issueId).thenComparing(Row::key)
            .thenComparing(Row::value);

    /**
     * The value of the row that says an issue has the key at all (has:key reads one row per issue instead of all its
     * values); real values are never empty, empty ones are not recorded.
     */
    static final String HAS_KEY = "";

    private IssueTagRecorder() {
    }

    static void record(JdbcClient jdbc, List<IssueOccurrence> occurrences, Map<IssueOccurrence, Long> issueIds) {
        TreeSet<Row> rows = new TreeSet<>(ORDER);
        for (IssueOccurrence occurrence : occurrences) {
            Long issueId = issueIds.get(occurrence);
            if (issueId == null) {
                continue; // not filed into these issues (the primaries of merged issues get only their members' events)
            }
            Event event = occurrence.event();
            searchable(event).forEach((key, value) -> {
                if (value != null && !value.isEmpty() && key.length() <= IssueSearch.MAX_VALUE_LENGTH
                        && value.length() <= IssueSearch.MAX_VALUE_LENGTH) {
                    rows.add(new Row(issueId, event.projectId(), key, value));
                    rows.add(new Row(issueId, event.projectId(), key, HAS_KEY));
                }
            });
        }
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into issue_tags (issue_id, project_id, key, value)
                        select * from unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[]) on conflict do nothing""")
                .params(rows.stream().map(Row::issueId).toArray(Long[]::new),
                        rows.stream().map(Row::projectId).toArray(Long[]::new),
                        rows.stream().map(Row::key).toArray(String[]::new),
                        rows.stream().map(Row::value).toArray(String[]::new))
                .update();
    }

    /** The values the search finds an event by, beside its issue's own columns; ContextValues says the same in SQL. */
    static Map<String, String> searchable(Event event) {
        Map<String, String> values = new LinkedHashMap<>(event.tags());
        if (event.user() != null) {
            values.put("user.email", event.user().email());
            values.put("user.id", event.user().id());
            values.put("user.username", event.user().username());
        }
        if (event.client() != null) {
            values.put("browser", event.client().browser());
            values.put("os", event.client().os());
        }
        Map<String, Object> device = event.contexts().get("device");
        if (device != null) {
            Object model = device.get("model") != null ? device.get("model") : device.get("family");
            values.put("device", model == null ? null : model.toString());
        }
        return values;
    }
}
