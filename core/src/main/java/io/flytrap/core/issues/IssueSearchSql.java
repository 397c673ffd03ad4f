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
 * per-issue side tables (releases, environments, tags), never the events.
 */
final class IssueSearchSql {

    record Where(String sql, Map<String, Object> params) {
    }

    private final StringBuilder sql = new StringBuilder("i.project_id = :projectId");
    private final Map<String, Object> params = new LinkedHashMap<>();

    private IssueSearchSql(long projectId) {
        params.put("projectId", projectId);
    }

    static Where where(long projectId, IssueFilter filter, Instant now) {
        IssueSearchSql where = new IssueSearchSql(projectId);
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
            case IssueSearch.HAS -> has(filter.values().getFirst());
            // user.*, browser, os, device and every tag: what the issue's events had, recorded per issue
            default -> "exists (select 1 from issue_tags t where t.issue_id = i.id and t.project_id = :projectId and t.key = "
                    + param(filter.key()) + " and t.value in (" + param(filter.values()) + "))";
        };
        sql.append(filter.negated() ? " and not " : " and ").append(condition);
    }

    private String status(String value) {
        return value.equals("regressed") ? "(i.status = 'unresolved' and i.regressed_at is not null)"
                : "i.status = " + param(value);
    }

    private String has(String key) {
        return switch (key) {
            case IssueSearch.RELEASE -> "exists (select 1 from issue_releases r where r.issue_id = i.id)";
            case IssueSearch.ENVIRONMENT -> "exists (select 1 from issue_environments e where e.issue_id = i.id)";
            default -> "exists (select 1 from issue_tags t where t.issue_id = i.id and t.project_id = :projectId and t.key = "
                    + param(key) + ")";
        };
    }

    /** Each word or phrase somewhere in the title, culprit or latest message, case-insensitively and literally. */
    private void text(String words) {
        String like = param("%" + likeEscaped(words) + "%");
        sql.append(" and (i.title ilike ").append(like).append(" or i.culprit ilike ").append(like)
                .append(" or i.message ilike ").append(like).append(")");
    }

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
