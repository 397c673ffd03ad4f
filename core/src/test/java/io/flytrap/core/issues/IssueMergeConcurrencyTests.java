package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.process.BatchItem;
import io.flytrap.core.process.BatchOutcome;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.QueuedEvent;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two processor threads store events of both issues' fingerprints while the issues are merged and unmerged over and
 * over. What must not happen: an event that failed, a count that differs from the events stored, an event counted
 * in the primary and not its own issue or the other way round.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class IssueMergeConcurrencyTests {

    @Autowired
    EventProcessor processor;
    @Autowired
    IssueMergeService merges;
    @Autowired
    IssueQueries issues;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    long projectId;

    private BatchOutcome send(String... types) {
        List<BatchItem> batch = new ArrayList<>();
        for (String type : types) {
            String body = """
                    {"data": {"error": {"name": "%s", "message": "race", "stack": "%s: race\\n    at f (app.js:1:1)"},
                              "project_id": %d}}""".formatted(type, type, projectId);
            batch.add(new BatchItem(UUID.randomUUID().toString(), new QueuedEvent(projectId, UUID.randomUUID(),
                    NativePayloadParser.ERROR_PROTOCOL, body.getBytes(StandardCharsets.UTF_8), Map.of(), clock.instant())));
        }
        return processor.process(batch);
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    @Test
    void shouldCountEveryEventOnceWhileMergingAndUnmergingUnderLoad() throws Exception {
        Caller owner = TestAccounts.member(users, "merge-race");
        projectId = projects.create(owner, "Race", null).project().id();
        send("TypeError", "RangeError");
        List<IssueSummary> listed = issues.search(owner, projectId, IssueFilter.all(), 0, 10);
        long a = listed.stream().filter(i -> i.title().startsWith("TypeError")).findFirst().orElseThrow().id();
        long b = listed.stream().filter(i -> i.title().startsWith("RangeError")).findFirst().orElseThrow().id();

        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService workers = Executors.newFixedThreadPool(2);
        List<Future<Integer>> failures = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            failures.add(workers.submit(() -> {
                int failed = 0;
                while (running.get()) {
                    failed += send("TypeError", "RangeError", "RangeError").failed().size();
                }
                return failed;
            }));
        }
        for (int round = 0; round < 15; round++) {
            merges.merge(owner, List.of(a, b), round % 2 == 0 ? a : b);
            Thread.sleep(20);
            merges.unmerge(owner, round % 2 == 0 ? a : b);
        }
        merges.merge(owner, List.of(a, b), a);
        Thread.sleep(50);
        running.set(false);
        workers.shutdown();
        int failed = 0;
        for (Future<Integer> f : failures) {
            failed += f.get();
        }

        assertThat(failed).as("events that failed to be stored").isZero();
        long stored = count("select count(*) from events where project_id = ?", projectId);
        System.out.println("[merge-race] events stored during 15 merge/undo rounds: " + stored);
        assertThat(stored).isGreaterThan(2);
        assertThat(issues.get(owner, a).eventCount()).as("the primary counts every event once").isEqualTo(stored);
        assertThat(issues.get(owner, b).eventCount()).as("the merged issue counts its own")
                .isEqualTo(count("select count(*) from events where issue_id = ?", b));
        assertThat(count("select coalesce(sum(events), 0) from issue_hourly_counts where project_id = ?", projectId))
                .as("hourly counts: each event once").isEqualTo(stored);

        merges.unmerge(owner, a);
        assertThat(issues.get(owner, a).eventCount()).isEqualTo(count("select count(*) from events where issue_id = ?", a));
        assertThat(issues.get(owner, b).eventCount()).isEqualTo(count("select count(*) from events where issue_id = ?", b));
        assertThat(issues.get(owner, a).eventCount() + issues.get(owner, b).eventCount()).isEqualTo(stored);
    }
}
