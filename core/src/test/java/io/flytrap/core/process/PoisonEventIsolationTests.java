package io.flytrap.core.process;

import io.flytrap.core.access.Caller;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.protocol.SentryEventParser;
import io.flytrap.core.queue.QueuedEvent;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One event PostgreSQL refuses must cost its batch about one event, not a transaction per event (#20 item 6).
 * The poison is real, not injected: a Sentry event whose timestamp is a huge negative number of seconds passes the
 * parser (Java's Instant can hold the year -316,000) but PostgreSQL's timestamptz cannot, so the COPY of the batch
 * fails inside the store transaction, exactly as it would in production.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class PoisonEventIsolationTests {

    private static final int BATCH = 256;

    @Autowired
    EventProcessor processor;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;
    @Autowired
    PlatformTransactionManager transactionManager;

    long projectId;
    final AtomicInteger transactions = new AtomicInteger();
    final TransactionExecutionListener counter = new TransactionExecutionListener() {
        @Override
        public void afterCommit(TransactionExecution transaction, Throwable commitFailure) {
            transactions.incrementAndGet();
        }

        @Override
        public void afterRollback(TransactionExecution transaction, Throwable rollbackFailure) {
            transactions.incrementAndGet();
        }
    };

    @BeforeEach
    void createProjectAndCountTransactions() {
        Caller owner = TestAccounts.member(users, "poison");
        projectId = projects.create(owner, "Poisoned", "javascript").project().id();
        ((AbstractPlatformTransactionManager) transactionManager).addListener(counter);
    }

    @AfterEach
    void stopCounting() {
        ((AbstractPlatformTransactionManager) transactionManager).getTransactionExecutionListeners().remove(counter);
    }

    private BatchItem good(int i) {
        String body = """
                {"data": {"error": {"name": "TypeError", "message": "x%d is undefined", "stack": "TypeError: x\\n    at f%d (https://shop.example/app.js:10:5)"},
                          "project_id": %d}}""".formatted(i, i % 7, projectId);
        return item(NativePayloadParser.ERROR_PROTOCOL, body);
    }

    /** Seconds before the year -4713, PostgreSQL's first day; an SDK with a broken clock or serializer sends such things. */
    static String poisonSentryEvent() {
        return """
                {"message": "checkout failed", "timestamp": -10000000000000, "platform": "javascript"}""";
    }

    private BatchItem item(String protocol, String body) {
        UUID eventId = UUID.randomUUID();
        return new BatchItem(eventId.toString(), new QueuedEvent(projectId, eventId, protocol,
                body.getBytes(StandardCharsets.UTF_8), Map.of(), clock.instant()));
    }

    private long stored(UUID eventId) {
        return jdbc.sql("select count(*) from events where project_id = ? and event_id = ?")
                .params(projectId, eventId).query(Long.class).single();
    }

    @Test
    void shouldFailThePoisonEventInTheStoreNotInTheParser() {
        BatchItem poison = item(SentryEventParser.PROTOCOL, poisonSentryEvent());

        BatchOutcome outcome = processor.process(List.of(poison));

        assertThat(outcome.failed()).as("PostgreSQL refused it").containsOnlyKeys(poison.messageId());
        assertThat(outcome.failed().get(poison.messageId())).as("refused by the database, not by the parser")
                .doesNotContain("InvalidPayloadException").containsIgnoringCase("out of range");
        assertThat(outcome.done()).isEmpty();
    }

    @Test
    void shouldStoreEveryGoodEventOnceAndFailOnlyThePoisonWithFewTransactions() {
        List<BatchItem> batch = new ArrayList<>();
        for (int i = 0; i < BATCH - 1; i++) {
            batch.add(good(i));
        }
        BatchItem poison = item(SentryEventParser.PROTOCOL, poisonSentryEvent());
        batch.add(BATCH / 3, poison);
        transactions.set(0);

        BatchOutcome outcome = processor.process(batch);

        assertThat(outcome.failed()).as("only the poison is handed back for retry and, in the end, the dead letters")
                .containsOnlyKeys(poison.messageId());
        assertThat(outcome.done()).hasSize(BATCH - 1).doesNotContain(poison.messageId()).doesNotHaveDuplicates();
        for (BatchItem item : batch) {
            assertThat(stored(item.event().eventId())).as("event %s", item.messageId())
                    .isEqualTo(item == poison ? 0 : 1);
        }
        assertThat(jdbc.sql("select sum(event_count) from issues where project_id = ?").param(projectId)
                .query(Long.class).single()).as("issue counts neither miss nor double an event").isEqualTo(BATCH - 1);
        // Halving a batch of 256 down to the poison takes 8 levels of two transactions each, plus the first attempt
        // and a few reads around it; storing one by one would take 256
        assertThat(transactions.get()).as("bisected, not one transaction per event")
                .isLessThanOrEqualTo(2 * 8 + 1 + 4).isLessThan(BATCH / 4);
    }

    @Test
    void shouldStillStoreAGoodBatchInOneTransaction() {
        List<BatchItem> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(good(i));
        }
        transactions.set(0);

        BatchOutcome outcome = processor.process(batch);

        assertThat(outcome.failed()).isEmpty();
        assertThat(outcome.done()).hasSize(50);
        assertThat(transactions.get()).as("no splitting when nothing fails").isLessThanOrEqualTo(1 + 4);
    }
}
