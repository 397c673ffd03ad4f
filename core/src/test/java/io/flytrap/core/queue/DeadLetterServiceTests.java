package io.flytrap.core.queue;

import io.flytrap.testsupport.QueuedEvents;
import io.flytrap.core.access.Caller;
import io.flytrap.core.access.ForbiddenException;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.UsesTestDatabase;
import org.assertj.core.data.TemporalUnitOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class DeadLetterServiceTests {

    /** PostgreSQL keeps times to the microsecond, rounded. */
    static final TemporalUnitOffset MICROSECOND = within(1, ChronoUnit.MICROS);
    static final Caller ADMIN = new Caller(1, true);
    static final Caller MEMBER = new Caller(2, false);

    @Autowired
    DeadLetterService deadLetters;
    @Autowired
    PostgresEventQueue queue;
    @Autowired
    QueueProperties properties;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    @BeforeEach
    void emptyQueue() {
        QueuedEvents.deleteAll(jdbc);
    }

    /** Enqueues an event and fails every attempt it gets, as a poison event is failed by the processor. */
    private long deadLetter(long projectId, String error) {
        queue.enqueue(new QueuedEvent(projectId, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL,
                "{}".getBytes(StandardCharsets.UTF_8), Map.of(), clock.instant()));
        return failUntilDead(error);
    }

    private long failUntilDead(String error) {
        long id = -1;
        for (int attempt = 1; attempt <= properties.maxAttempts(); attempt++) {
            clock.advance(properties.maxRetryBackoff());
            ClaimedEvent claimed = queue.claim(1).getFirst();
            id = claimed.queueId();
            queue.fail(Map.of(claimed, error + " " + attempt));
        }
        return id;
    }

    private String state(long id) {
        return jdbc.sql("select state || ':' || attempts from queued_events where id = ?").param(id).query(String.class)
                .optional().orElse("gone");
    }

    @Test
    void shouldListDeadLettersNewestFailureFirstWithTheirErrorAttemptsAndTimes() {
        Instant received = clock.instant();
        long older = deadLetter(7001, "IllegalArgumentException: older");
        long newer = deadLetter(7002, "IllegalArgumentException: newer");

        DeadLetterService.Page page = deadLetters.list(ADMIN, 0, 50);

        assertThat(page.total()).isEqualTo(2);
        assertThat(page.items()).extracting(DeadLetter::id).containsExactly(Long.toString(newer), Long.toString(older));
        DeadLetter first = page.items().getLast();
        assertThat(first.project().id()).isEqualTo(7001);
        assertThat(first.project().name()).as("no such project: its name is unknown, the letter still listed").isNull();
        assertThat(first.lastError()).isEqualTo("IllegalArgumentException: older " + properties.maxAttempts());
        assertThat(first.attempts()).isEqualTo(properties.maxAttempts());
        assertThat(first.receivedAt()).isCloseTo(received, MICROSECOND);
        assertThat(first.firstFailure()).isCloseTo(received.plus(properties.maxRetryBackoff()), MICROSECOND);
        assertThat(first.lastFailure())
                .isCloseTo(received.plus(properties.maxRetryBackoff().multipliedBy(properties.maxAttempts())), MICROSECOND);
        assertThat(deadLetters.list(ADMIN, 1, 1).items()).extracting(DeadLetter::id).containsExactly(Long.toString(older));
    }

    @Test
    void shouldRefuseEveryoneButAdministratorsAndChangeNothing() {
        long id = deadLetter(7003, "boom");

        assertThatThrownBy(() -> deadLetters.list(MEMBER, 0, 50)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> deadLetters.replay(MEMBER, List.of(Long.toString(id)))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> deadLetters.replayAll(MEMBER)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> deadLetters.delete(MEMBER, Long.toString(id))).isInstanceOf(ForbiddenException.class);

        assertThat(state(id)).isEqualTo("dead:" + properties.maxAttempts());
    }

    @Test
    void shouldReplayNothingWhenOneIdIsNotADeadLetter() {
        long id = deadLetter(7004, "boom");

        assertThatThrownBy(() -> deadLetters.replay(ADMIN, List.of(Long.toString(id), Long.toString(id + 1000)))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(Long.toString(id + 1000));
        assertThatThrownBy(() -> deadLetters.replay(ADMIN, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> deadLetters.replay(ADMIN, List.of("not-a-number"))).as("no such id on PostgreSQL")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> deadLetters.delete(ADMIN, "not-a-number")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> deadLetters.list(ADMIN, -1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> deadLetters.list(ADMIN, 0, DeadLetterService.MAX_PAGE_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(state(id)).as("the known id was not replayed either").isEqualTo("dead:" + properties.maxAttempts());
    }

    @Test
    void shouldReplayOnceWithAttemptsFromZeroAndDeadLetterAgainWithTheNewError() {
        long id = deadLetter(7005, "first cause");

        assertThat(deadLetters.replay(ADMIN, List.of(Long.toString(id)))).isEqualTo(new DeadLetterService.Replayed(1, 0));
        assertThat(state(id)).isEqualTo("pending:0");
        assertThatThrownBy(() -> deadLetters.replay(ADMIN, List.of(Long.toString(id)))).as("a second replay finds no dead letter")
                .isInstanceOf(NotFoundException.class);

        Instant replayedAt = clock.instant();
        failUntilDead("second cause");

        DeadLetter again = deadLetters.list(ADMIN, 0, 10).items().getFirst();
        assertThat(again.id()).isEqualTo(Long.toString(id));
        assertThat(again.attempts()).as("counted from zero after the replay").isEqualTo(properties.maxAttempts());
        assertThat(again.lastError()).isEqualTo("second cause " + properties.maxAttempts());
        assertThat(again.firstFailure()).as("the new run's first failure").isAfter(replayedAt);
    }

    @Test
    void shouldReplayAllAndDeleteOne() {
        long a = deadLetter(7006, "boom");
        long b = deadLetter(7006, "boom");
        long c = deadLetter(7006, "boom");

        deadLetters.delete(ADMIN, Long.toString(c));
        assertThat(state(c)).isEqualTo("gone");
        assertThatThrownBy(() -> deadLetters.delete(ADMIN, Long.toString(c))).isInstanceOf(NotFoundException.class);

        assertThat(deadLetters.replayAll(ADMIN)).isEqualTo(new DeadLetterService.Replayed(2, 0));
        assertThat(state(a)).isEqualTo("pending:0");
        assertThat(state(b)).isEqualTo("pending:0");
        assertThatThrownBy(() -> deadLetters.delete(ADMIN, Long.toString(a))).as("no longer a dead letter")
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void shouldMeasureDepthDeadLettersAndTheOldestWaitingEventFromWhenItWasQueued() {
        assertThat(queue.oldestAge()).isEqualTo(Duration.ZERO);
        long dead = deadLetter(7007, "boom");
        queue.enqueue(new QueuedEvent(7007, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL,
                "{}".getBytes(StandardCharsets.UTF_8), Map.of(), clock.instant()));
        clock.advance(Duration.ofMinutes(3));

        assertThat(queue.stats().pending()).isEqualTo(1);
        assertThat(queue.stats().deadLetters()).isEqualTo(1);
        assertThat(queue.oldestAge()).as("dead letters wait for a person, not for the workers").isBetween(Duration.ofMinutes(3).minusNanos(1_000), Duration.ofMinutes(3).plusNanos(1_000));

        clock.advance(Duration.ofMinutes(1));
        deadLetters.replay(ADMIN, List.of(Long.toString(dead)));
        assertThat(queue.stats().pending()).isEqualTo(2);
        assertThat(queue.stats().deadLetters()).isZero();
        assertThat(queue.oldestAge()).as("a replayed letter is new work: the older waiting event still decides")
                .isBetween(Duration.ofMinutes(4).minusNanos(1_000), Duration.ofMinutes(4).plusNanos(1_000));
        queue.complete(queue.claim(10).stream().filter(claimed -> claimed.inBatch() || claimed.queueId() != dead).toList());
        clock.advance(Duration.ofSeconds(30));
        assertThat(queue.oldestAge()).as("counted from the replay, not from when the event was received")
                .isBetween(Duration.ofSeconds(30).minusNanos(1_000), Duration.ofSeconds(30).plusNanos(1_000));
    }
}
