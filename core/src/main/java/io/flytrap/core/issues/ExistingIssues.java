package io.flytrap.core.issues;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which issue each occurrence is filed into, among those that exist already: {@link IssueRecorder}'s first step. */
final class ExistingIssues {

    private ExistingIssues() {
    }

    /** The issues that exist already under any key the occurrences could be filed by, with their ids. */
    static Map<IssueKey, Long> find(JdbcClient jdbc, List<IssueOccurrence> occurrences) {
        List<IssueKey> candidates = new ArrayList<>();
        for (IssueOccurrence occurrence : occurrences) {
            candidates.add(occurrence.key());
            candidates.addAll(occurrence.earlierKeys());
        }
        Map<IssueKey, Long> existing = new HashMap<>();
        jdbc.sql("""
                        select i.id, i.project_id, i.grouping_version, i.fingerprint from issues i
                        join unnest(?::bigint[], ?::smallint[], ?::text[]) as c(project_id, grouping_version, fingerprint)
                          using (project_id, grouping_version, fingerprint)""")
                .params(candidates.stream().map(IssueKey::projectId).toArray(Long[]::new),
                        candidates.stream().map(IssueKey::groupingVersion).toArray(Integer[]::new),
                        candidates.stream().map(IssueKey::fingerprint).toArray(String[]::new))
                .query(rs -> {
                    existing.put(new IssueKey(rs.getLong(2), rs.getInt(3), rs.getString(4)), rs.getLong(1));
                });
        return existing;
    }

    /**
     * The issue each event belongs to: the one its current grouping names, or else an existing issue that an
     * earlier grouping version created for it, so upgrading grouping never splits an issue.
     */
    static Map<IssueOccurrence, IssueKey> keys(List<IssueOccurrence> occurrences, Set<IssueKey> existing) {
        Map<IssueOccurrence, IssueKey> keys = new IdentityHashMap<>();
        for (IssueOccurrence occurrence : occurrences) {
            IssueKey key = occurrence.key();
            if (!existing.contains(key)) {
                key = occurrence.earlierKeys().stream().filter(existing::contains).findFirst().orElse(key);
            }
            keys.put(occurrence, key);
        }
        return keys;
    }
}
