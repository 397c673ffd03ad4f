package io.flytrap.core.issues;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Which issues' events and hourly counts are an issue's: its own and those of the issues merged into it. Merging
 * moves nothing (events belong to the processor): the primary reads its members' rows instead.
 */
public final class IssueMembers {

    private IssueMembers() {
    }

    /**
     * A condition on {@code issue_id} naming the members. Written as a list of numbers rather than a bound array: for
     * the usual issue with no merged ones it is a plain equality, which keeps the (issue_id, received_at) index's
     * order for "newest first"; the ids are numbers read from the database, never text from a request. Public for
     * the alert rules, which count and describe a primary by its members' events too.
     */
    public static String condition(JdbcClient jdbc, long issueId) {
        List<Long> ids = jdbc.sql("select id from issues where id = ? or merged_into = ? order by id")
                .params(issueId, issueId).query(Long.class).list();
        if (ids.isEmpty()) {
            return "issue_id = " + issueId;
        }
        return "issue_id in (" + ids.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
    }
}
