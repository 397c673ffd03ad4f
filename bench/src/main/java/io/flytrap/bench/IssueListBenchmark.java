package io.flytrap.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssuePeriod;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueSort;
import io.flytrap.core.projects.ProjectAccess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The issue list's queries on a big project: 1,000,000 events in 10,000 issues (plus 9 smaller projects beside
 * it), each filter and sort of the list against a baseline in the same process — the plainest indexed read of
 * 50 issue rows. Target: every list query (page + count) under 100 ms. Writes the query plans next to the
 * results so a regression in an index shows up as a changed plan.
 */
public final class IssueListBenchmark {

    static final int ISSUES = 10_000;
    static final int EVENTS = 1_000_000;
    static final int ROUNDS = 25;
    static final double TARGET_MILLIS = 100;

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args.length > 0 ? args[0] : "docs/performance");
        Files.createDirectories(output);
        Path dataDir = Files.createTempDirectory("flytrap-bench-issues");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true).start();
             HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
            dataSource.setUsername("postgres");
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            JdbcClient jdbc = JdbcClient.create(dataSource);
            long projectId = populate(jdbc);

            Clock clock = Clock.systemUTC();
            IssueQueries issues = new IssueQueries(jdbc, new ProjectAccess(jdbc), clock);
            // an administrator who is also one of the five members issues are assigned to ("assigned:me")
            Caller admin = new Caller(jdbc.sql("select min(id) from users").query(Long.class).single(), true);

            Map<String, IssueFilter> filters = new LinkedHashMap<>();
            filters.put("default: is:unresolved, last seen", IssueFilter.unresolved());
            filters.put("all statuses, last seen", IssueFilter.all());
            filters.put("is:unresolved, most events", IssueFilter.of("is:unresolved", null, IssueSort.EVENTS));
            filters.put("is:unresolved, most users", IssueFilter.of("is:unresolved", null, IssueSort.USERS));
            filters.put("is:unresolved, first seen", IssueFilter.of("is:unresolved", null, IssueSort.FIRST_SEEN));
            filters.put("is:unresolved level:[error,fatal] handled:no, last 24 h",
                    IssueFilter.of("is:unresolved level:[error,fatal] handled:no", IssuePeriod.DAY, null));
            filters.put("is:unresolved environment:staging", IssueFilter.of("is:unresolved environment:staging", null, null));
            filters.put("is:unresolved release:1.42", IssueFilter.of("is:unresolved release:1.42", null, null));
            filters.put("is:unresolved checkout (free text)", IssueFilter.of("is:unresolved checkout", null, null));
            filters.put("free text, no match", IssueFilter.of("\"nothing matches this\"", null, null));
            filters.put("is:unresolved, last 7 days, page 20", IssueFilter.of("is:unresolved", IssuePeriod.WEEK, null));
            // the search syntax of issue #22
            filters.put("is:unresolved level:error release:1.42", IssueFilter.of("is:unresolved level:error release:1.42", null, null));
            filters.put("user.email:user42@example.com", IssueFilter.of("user.email:user42@example.com", null, null));
            filters.put("user.id:user-4242", IssueFilter.of("user.id:user-4242", null, null));
            filters.put("!level:info browser:\"Chrome 120.0.6099\"", IssueFilter.of("!level:info browser:\"Chrome 120.0.6099\"", null, null));
            filters.put("customer:customer-7 (rare tag)", IssueFilter.of("customer:customer-7", null, null));
            filters.put("is:unresolved !region:eu", IssueFilter.of("is:unresolved !region:eu", null, null));
            filters.put("has:user.email", IssueFilter.of("has:user.email", null, null));
            filters.put("!has:user.email (no match)", IssueFilter.of("!has:user.email", null, null));
            filters.put("is:regressed", IssueFilter.of("is:regressed", null, null));
            filters.put("gateway (free text in the message)", IssueFilter.of("gateway", null, null));
            // assignment (issue #22 item 7): a fifth of the issues are assigned, a twenty-fifth to "me"
            filters.put("assigned:me", IssueFilter.of("assigned:me", null, null));
            filters.put("is:unresolved assigned:me level:error", IssueFilter.of("is:unresolved assigned:me level:error", null, null));
            filters.put("is:unassigned", IssueFilter.of("is:unassigned", null, null));
            filters.put("all of it: is:unresolved !level:info browser:… customer:… has:user.email checkout",
                    IssueFilter.of("is:unresolved !level:info browser:\"Chrome 120.0.6099\" customer:customer-7 has:user.email checkout", null, null));

            Supplier<Object> baseline = () -> jdbc.sql("select * from issues where project_id = ? order by last_seen desc, id desc limit 50")
                    .param(projectId).query().listOfRows();
            StringBuilder table = new StringBuilder();
            table.append("| query (`q=`) | page of 50 + count, median ms | p95 ms | / baseline |\n|---|---|---|---|\n");
            double baselineMillis = time(baseline);
            boolean allWithinTarget = true;
            boolean allMediansWithinTarget = true;
            for (Map.Entry<String, IssueFilter> entry : filters.entrySet()) {
                IssueFilter filter = entry.getValue();
                int offset = entry.getKey().contains("page 20") ? 19 * 50 : 0;
                double[] samples = samples(() -> {
                    issues.search(admin, projectId, filter, offset, 50);
                    return issues.count(admin, projectId, filter);
                });
                double median = samples[samples.length / 2];
                double p95 = samples[(int) Math.ceil(samples.length * 0.95) - 1];
                allWithinTarget &= p95 < TARGET_MILLIS;
                allMediansWithinTarget &= median < TARGET_MILLIS;
                table.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.1f |%n", entry.getKey(), median, p95, median / baselineMillis));
            }
            table.append(String.format(Locale.ROOT, "| baseline: 50 rows by index, no filter, no count | %.2f | | 1.0 |%n", baselineMillis));
            System.out.println();
            System.out.println("Issue list on " + ISSUES + " issues / " + EVENTS + " events in one project (" + ROUNDS + " rounds each):");
            System.out.println(table);
            System.out.println(allMediansWithinTarget ? "Every list query's median is under " + (int) TARGET_MILLIS + " ms."
                    : "SOME LIST QUERY'S MEDIAN IS OVER " + (int) TARGET_MILLIS + " ms.");
            System.out.println(allWithinTarget ? "Every list query's p95 is under " + (int) TARGET_MILLIS + " ms."
                    : "SOME LIST QUERY'S p95 IS OVER " + (int) TARGET_MILLIS + " ms.");

            Files.writeString(output.resolve("issue-list-plans.txt"), plans(jdbc, projectId));
            System.out.println("Query plans written to " + output.resolve("issue-list-plans.txt"));
        }
    }

    /** Ten projects; the big one gets 10,000 issues and 1,000,000 events, generated in SQL (a minute or so). */
    private static long populate(JdbcClient jdbc) {
        long started = System.nanoTime();
        jdbc.sql("insert into projects (name) select 'project ' || g from generate_series(1, 10) g").update();
        long projectId = jdbc.sql("select min(id) from projects").query(Long.class).single();
        // Issues: a mix of statuses, levels, handled/unhandled, spread over 90 days; titles with a few shared words
        jdbc.sql("""
                insert into issues (project_id, grouping_version, fingerprint, title, culprit, exception_type, level, status,
                                    unhandled, first_seen, last_seen, event_count, user_count, first_release, last_release)
                select p.id, 2, md5(p.id || ':' || g),
                       (array['TypeError', 'RangeError', 'Error', 'ReferenceError'])[1 + g % 4] || ': '
                           || (array['checkout failed for cart ', 'cannot read properties of undefined reading ',
                                     'network request failed ', 'invalid array length '])[1 + (g / 4) % 4] || g,
                       'handler' || (g % 300) || ' in app' || (g % 50) || '.js',
                       (array['TypeError', 'RangeError', 'Error', 'ReferenceError'])[1 + g % 4],
                       (array['error', 'error', 'error', 'warning', 'fatal', 'info'])[1 + g % 6],
                       (array['unresolved', 'unresolved', 'unresolved', 'resolved', 'ignored'])[1 + g % 5],
                       g % 3 = 0,
                       now() - interval '90 days' + (g % 7919) * interval '1 minute' * 16,
                       now() - (g % 2000) * interval '1 hour',
                       0, g % 500, '1.' || (g % 50), '1.' || (g % 50)
                from projects p, generate_series(1, case when p.id = ? then ? else 500 end) g""")
                .params(projectId, ISSUES).update();
        // Events: 100 per issue on average in the big project, skewed so a few issues hold most of them
        jdbc.sql("""
                insert into events (project_id, issue_id, event_id, occurred_at, received_at, level, handled, release,
                                    environment, user_key, payload)
                select i.project_id, i.id, gen_random_uuid(), t, t, i.level, not i.unhandled, i.last_release,
                       case when n % 5 = 0 then 'staging' else 'production' end, 'user-' || (n % 997),
                       jsonb_build_object('message', i.title, 'n', n,
                           'client', jsonb_build_object('browser', (array['Chrome 120.0.6099', 'Firefox 121.0', 'Safari 17.4',
                                                                          'Edge 120.0'])[1 + (n + i.r) % 4]),
                           'tags', jsonb_build_object('customer', 'customer-' || (i.r % 200), 'region',
                                                      (array['eu', 'us', 'ap'])[1 + n % 3]),
                           'user', jsonb_build_object('id', 'user-' || ((i.r * 7 + n) % 5000),
                                                      'email', 'user' || ((i.r * 7 + n) % 5000) || '@example.com'))
                from (select id, project_id, level, unhandled, last_release, title,
                             row_number() over (order by id) as r from issues where project_id = ?) i
                cross join lateral generate_series(1, case when i.r % 100 = 0 then 5050 else 50 end) n
                cross join lateral (select now() - (n % 2000) * interval '1 hour' as t) ts""")
                .param(projectId).update();
        jdbc.sql("update issues i set event_count = c.n from (select issue_id, count(*) n from events group by issue_id) c where c.issue_id = i.id").update();
        jdbc.sql("""
                insert into issue_environments (issue_id, environment, first_seen, last_seen)
                select issue_id, environment, min(received_at), max(received_at) from events group by 1, 2""").update();
        jdbc.sql("""
                insert into issue_releases (issue_id, release, first_seen, last_seen)
                select issue_id, release, min(received_at), max(received_at) from events group by 1, 2""").update();
        // what the processor records per issue for the search (IssueTagRecorder), as V14 fills it from stored events
        jdbc.sql("""
                insert into issue_tags (issue_id, project_id, key, value)
                select distinct issue_id, project_id, key, value from (
                    select e.issue_id, e.project_id, t.key, t.value from events e, jsonb_each_text(e.payload->'tags') t
                    union all select issue_id, project_id, 'user.email', payload->'user'->>'email' from events
                    union all select issue_id, project_id, 'user.id', payload->'user'->>'id' from events
                    union all select issue_id, project_id, 'browser', payload->'client'->>'browser' from events) f
                where value is not null""").update();
        jdbc.sql("insert into issue_tags (issue_id, project_id, key, value) select distinct issue_id, project_id, key, '' from issue_tags").update();
        jdbc.sql("""
                update issues set message = case when id % 10 = 0 then 'payment gateway timed out after 30 s'
                                                 else 'request failed with status ' || (500 + id % 4) end""").update();
        // five members; a fifth of the issues assigned to them, one in five of those to the first ("me")
        jdbc.sql("""
                insert into users (email, password_hash, role)
                select 'member' || g || '@example.com', 'not-a-hash', 'admin' from generate_series(1, 5) g""").update();
        jdbc.sql("insert into project_members (project_id, user_id) select ?, id from users").param(projectId).update();
        jdbc.sql("""
                update issues set assignee_user_id = (select min(id) from users) + (id / 5) % 5
                where project_id = ? and id % 5 = 0""").param(projectId).update();
        jdbc.sql("vacuum analyze").update();
        long events = jdbc.sql("select count(*) from events where project_id = ?").param(projectId).query(Long.class).single();
        System.out.printf(Locale.ROOT, "issue_tags: %d rows%n", jdbc.sql("select count(*) from issue_tags").query(Long.class).single());
        System.out.printf(Locale.ROOT, "Generated %d issues and %d events in the big project in %.0f s%n",
                jdbc.sql("select count(*) from issues where project_id = ?").param(projectId).query(Long.class).single(), events,
                (System.nanoTime() - started) / 1e9);
        return projectId;
    }

    private static double time(Supplier<Object> query) {
        double[] samples = samples(query);
        return samples[samples.length / 2];
    }

    /** Milliseconds per run, sorted, after a few warm-up runs. */
    private static double[] samples(Supplier<Object> query) {
        for (int i = 0; i < 5; i++) {
            query.get();
        }
        double[] samples = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            query.get();
            samples[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(samples);
        return samples;
    }

    /** EXPLAIN ANALYZE of the page queries as IssueQueries builds them (same SQL shape, literal values). */
    private static String plans(JdbcClient jdbc, long projectId) {
        List<String[]> queries = new ArrayList<>();
        queries.add(new String[]{"default: unresolved, last seen",
                "select * from issues i where i.project_id = " + projectId + " and i.status in ('unresolved') order by i.last_seen desc, i.id desc offset 0 limit 50"});
        queries.add(new String[]{"unresolved, most events",
                "select * from issues i where i.project_id = " + projectId + " and i.status in ('unresolved') order by i.event_count desc, i.id desc offset 0 limit 50"});
        queries.add(new String[]{"environment = staging",
                "select * from issues i where i.project_id = " + projectId + " and i.status in ('unresolved') and exists (select 1 from issue_environments e where e.issue_id = i.id and e.environment = 'staging') order by i.last_seen desc, i.id desc offset 0 limit 50"});
        String text = "(i.title || ' ' || coalesce(i.culprit, '') || ' ' || coalesce(i.message, '')) ilike '%s'";
        queries.add(new String[]{"is:unresolved checkout",
                "select * from issues i where i.project_id = " + projectId + " and i.status = 'unresolved' and " + text.formatted("%checkout%")
                        + " order by i.last_seen desc, i.id desc offset 0 limit 50"});
        queries.add(new String[]{"count, \"nothing matches this\"",
                "select count(*) from issues i where i.project_id = " + projectId + " and " + text.formatted("%nothing matches this%")});
        String tag = "exists (select 1 from issue_tags t where t.issue_id = i.id and t.project_id = " + projectId + " and t.key = '%s' and t.value in ('%s'))";
        queries.add(new String[]{"user.email:user42@example.com",
                "select * from issues i where i.project_id = " + projectId + " and " + tag.formatted("user.email", "user42@example.com")
                        + " order by i.last_seen desc, i.id desc offset 0 limit 50"});
        queries.add(new String[]{"count, !level:info browser:\"Chrome 120.0.6099\"",
                "select count(*) from issues i where i.project_id = " + projectId + " and not i.level in ('info') and "
                        + tag.formatted("browser", "Chrome 120.0.6099")});
        queries.add(new String[]{"count, customer:customer-7",
                "select count(*) from issues i where i.project_id = " + projectId + " and " + tag.formatted("customer", "customer-7")});
        String without = "i.id not in (select t.issue_id from issue_tags t where t.project_id = " + projectId + " and t.key = '%s' and t.value in ('%s'))";
        queries.add(new String[]{"count, is:unresolved !region:eu",
                "select count(*) from issues i where i.project_id = " + projectId + " and i.status = 'unresolved' and "
                        + without.formatted("region", "eu")});
        queries.add(new String[]{"count, has:user.email",
                "select count(*) from issues i where i.project_id = " + projectId + " and " + tag.formatted("user.email", "")});
        queries.add(new String[]{"count, !has:user.email",
                "select count(*) from issues i where i.project_id = " + projectId + " and " + without.formatted("user.email", "")});
        queries.add(new String[]{"count, unresolved",
                "select count(*) from issues i where i.project_id = " + projectId + " and i.status in ('unresolved')"});
        StringBuilder out = new StringBuilder("Query plans of the issue list (bench/issue-list.sh), ")
                .append(ISSUES).append(" issues and ").append(EVENTS).append(" events in the project.\n");
        for (String[] query : queries) {
            out.append("\n== ").append(query[0]).append("\n").append(query[1]).append("\n\n");
            jdbc.sql("explain (analyze, costs off, timing off, summary on) " + query[1]).query(String.class).list()
                    .forEach(line -> out.append(line).append('\n'));
        }
        return out.toString();
    }
}
