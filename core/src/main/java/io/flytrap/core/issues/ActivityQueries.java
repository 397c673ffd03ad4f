package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.Scope;
import io.flytrap.core.projects.Project;
import io.flytrap.core.projects.ProjectService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How busy projects and issues are, from the hourly counts the processor keeps: the projects overview's
 * numbers and trend, and the issue page's occurrences chart. Time buckets are UTC hours and days.
 */
@Service
@Transactional(readOnly = true)
public class ActivityQueries {

    public static final int TREND_DAYS = 14;

    private final JdbcClient jdbc;
    private final ProjectService projects;
    private final IssueQueries issues;
    private final Clock clock;

    public ActivityQueries(JdbcClient jdbc, ProjectService projects, IssueQueries issues, Clock clock) {
        this.jdbc = jdbc;
        this.projects = projects;
        this.issues = issues;
        this.clock = clock;
    }

    /** Each project the caller may see, with its open issues, events in the last 24 hours and a daily trend. */
    public List<ProjectActivity> overview(Caller caller) {
        caller.requireScope(Scope.PROJECT_READ);
        List<Project> visible = projects.listVisibleTo(caller);
        if (visible.isEmpty()) {
            return List.of();
        }
        Long[] ids = visible.stream().map(Project::id).toArray(Long[]::new);
        Instant now = clock.instant();
        Instant firstDay = now.truncatedTo(ChronoUnit.DAYS).minus(TREND_DAYS - 1, ChronoUnit.DAYS);
        Instant last24Hours = now.truncatedTo(ChronoUnit.HOURS).minus(23, ChronoUnit.HOURS);

        Map<Long, Long> open = new HashMap<>();
        jdbc.sql("select project_id, count(*) from issues where project_id = any(?) and status = 'unresolved' group by project_id")
                .param(ids).query((rs, i) -> open.put(rs.getLong(1), rs.getLong(2))).list();
        Map<Long, Long> recent = new HashMap<>();
        jdbc.sql("select project_id, sum(events) from issue_hourly_counts where project_id = any(?) and hour >= ? group by project_id")
                .params(ids, Timestamp.from(last24Hours)).query((rs, i) -> recent.put(rs.getLong(1), rs.getLong(2))).list();
        Map<Long, long[]> trends = new HashMap<>();
        jdbc.sql("""
                        select project_id, date_trunc('day', hour at time zone 'UTC') at time zone 'UTC' as day, sum(events)
                        from issue_hourly_counts where project_id = any(?) and hour >= ? group by 1, 2""")
                .params(ids, Timestamp.from(firstDay))
                .query((rs, i) -> {
                    long[] days = trends.computeIfAbsent(rs.getLong(1), id -> new long[TREND_DAYS]);
                    int index = (int) ChronoUnit.DAYS.between(firstDay, rs.getTimestamp(2).toInstant());
                    if (index >= 0 && index < TREND_DAYS) {
                        days[index] += rs.getLong(3);
                    }
                    return null;
                }).list();
        return visible.stream().map(project -> new ProjectActivity(project, open.getOrDefault(project.id(), 0L),
                recent.getOrDefault(project.id(), 0L), asList(trends.getOrDefault(project.id(), new long[TREND_DAYS]))))
                .toList();
    }

    /** An issue's events per hour over the last 24 hours, oldest first (24 values). */
    public List<Long> hourlyOccurrences(Caller caller, long issueId) {
        return occurrences(caller, issueId, ChronoUnit.HOURS, 24);
    }

    /** An issue's events per day over the last 14 days, oldest first (14 values). */
    public List<Long> dailyOccurrences(Caller caller, long issueId) {
        return occurrences(caller, issueId, ChronoUnit.DAYS, TREND_DAYS);
    }

    private List<Long> occurrences(Caller caller, long issueId, ChronoUnit unit, int buckets) {
        issues.get(caller, issueId);
        Instant first = clock.instant().truncatedTo(unit).minus(buckets - 1L, unit);
        long[] counts = new long[buckets];
        // a merged issue's own hours are kept by its members (see IssueMergeService), so each event counts once
        jdbc.sql("select hour, events from issue_hourly_counts where " + IssueMembers.condition(jdbc, issueId) + " and hour >= ?")
                .params(Timestamp.from(first))
                .query((rs, i) -> {
                    int index = (int) unit.between(first, rs.getTimestamp(1).toInstant().truncatedTo(unit));
                    if (index >= 0 && index < buckets) {
                        counts[index] += rs.getLong(2);
                    }
                    return null;
                }).list();
        return asList(counts);
    }

    private static List<Long> asList(long[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
