package io.flytrap.core.issues;

import io.flytrap.core.issues.IssueSearch.Filter;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An issue filter as a WHERE clause over {@code issues i}: fixed SQL fragments chosen by key, every value — tag
 * keys included — a bound parameter, LIKE's wildcards escaped in free text. The list reads the issue row and small
 * per-issue side tables (releases, environments, tags), never the events. Plans measured by bench/issue-list.sh.
 */
final class IssueSearchSql {

    record Where(String sql, Map<String, Object> params) {
    }

    /** Issues merged into another are part of that one and never listed themselves, whatever the filter. */
    private final StringBuilder sql = new StringBuilder("i.project_id = :projectId and i.status <> 'merged'");
    private final Map<String, Object> params = new LinkedHashMap<>();

    /** Whom assigned:me means. */
    private final long userId;

    private IssueSearchSql(long projectId, long userId) {
        params.put("projectId", projectId);
        this.userId = userId;
    }

    /** @param userId whoever searches: what assigned:me means */
    static Where where(long projectId, IssueFilter filter, Instant now, long userId) {
        IssueSearchSql where = new IssueSearchSql(projectId, userId);
        filter.search().filters().forEach(where::filter);
        filter.search().text().forEach(where::text);
        if (filter.seenWithin() != null) {
            where.sql.append(" and i.last_seen >= ").append(where.param(Timestamp.from(now.minus(filter.seenWithin()))));
        }
        return new Where(where.sql.toString(), where.params);
    }

    private void filter(Filter filter) {
        String condition = switch (filter.key()) {
            case IssueSearch.IS -> filter.values().stream().map(this::status).collect(Collectors.joining(" or ", "(", ")"));
            case IssueSearch.LEVEL -> "i.level in (" + param(filter.values()) + ")";
            case IssueSearch.HANDLED -> "i.unhandled in (" + param(filter.values().stream().map("no"::equals).toList()) + ")";
            case IssueSearch.RELEASE -> "exists (select 1 from issue_releases r where r.issue_id = i.id and r.release in ("
                    + param(filter.values()) + "))";
            case IssueSearch.ENVIRONMENT -> "exists (select 1 from issue_environments e where e.issue_id = i.id and e.environment in ("
                    + param(filter.values()) + "))";
            case IssueSearch.HAS -> has(filter.values().getFirst(), filter.negated());
            case IssueSearch.ASSIGNED -> assigned(filter.values());
            // user.*, browser, os, device and every tag: what the issue's events had, recorded per issue
            default -> tagged(filter.key(), param(filter.values()), filter.negated());
        };
        boolean negatedInside = filter.key().equals(IssueSearch.HAS) || filter.isTag() || IssueSearch.RECORDED_KEYS.contains(filter.key());
        sql.append(filter.negated() && !negatedInside ? " and not " : " and ").append(condition);
    }

    /**
     * Assigned to one of: "me" (the searcher) or the member with that e-mail. Written so that it is never null:
     * negated (!assigned:me) it then also keeps the unassigned issues, and an unknown e-mail matches nothing.
     */
    private String assigned(List<String> values) {
        String ids = values.stream().map(value -> value.equals(IssueSearch.ME) ? param(userId)
                        : "coalesce((select u.id from users u where lower(u.email) = " + param(value) + "), -1)")
                .collect(Collectors.joining(", "));
        return "(i.assignee_user_id is not null and i.assignee_user_id in (" + ids + "))";
    }

    private String status(String value) {
        return value.equals("regressed") ? "(i.status = 'unresolved' and i.regressed_at is not null)"
                : "i.status = " + param(value);
    }

    private String has(String key, boolean negated) {
        String has = switch (key) {
            case IssueSearch.RELEASE -> "exists (select 1 from issue_releases r where r.issue_id = i.id)";
            case IssueSearch.ENVIRONMENT -> "exists (select 1 from issue_environments e where e.issue_id = i.id)";
            case IssueSearch.ASSIGNEE -> "i.assignee_user_id is not null";
            default -> null;
        };
        if (has != null) {
            return negated ? "not " + has : has;
        }
        // the row with the empty value that says the issue has the key (IssueTagRecorder): one per issue, where
        // reading the key's values would read every user of every issue for has:user.email
        return tagged(key, param(""), negated);
    }

    /**
     * Issues with a tag row of the key and one of the values. Negated, as NOT IN over the issues that have it: that
     * list (at most one row per issue) is read once and hashed; written as NOT EXISTS, PostgreSQL chose plans that
     * read the key's rows again and again (2 s for !region:eu in bench/issue-list.sh).
     */
    private String tagged(String key, String values, boolean negated) {
        String having = "select t.issue_id from issue_tags t where t.project_id = :projectId and t.key = " + param(key)
                + " and t.value in (" + values + ")";
        return negated ? "i.id not in (" + having + ")"
                : "exists (" + having.replace("select t.issue_id", "select 1") + " and t.issue_id = i.id)";
    }

    /**
     * Each word or phrase somewhere in the title, culprit or latest message, case-insensitively and literally: one
     * text, the expression of the trigram index issues_search_text (V14), so a rare word does not scan the project.
     */
    private void text(String words) {
        sql.append(" and ").append(SEARCH_TEXT).append(" ilike ").append(param("%" + likeEscaped(words) + "%"));
    }

    static final String SEARCH_TEXT = "(i.title || ' ' || coalesce(i.culprit, '') || ' ' || coalesce(i.message, ''))";

    /** LIKE's wildcards and escape character taken literally: a search for "100%" finds "100%", not "100…". */
    static String likeEscaped(String word) {
        return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private String param(Object value) {
        String name = "p" + params.size();
        params.put(name, value instanceof List<?> list ? List.copyOf(list) : value);
        return ":" + name;
    }
}
