package io.flytrap.core.queue;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;

import java.util.List;

/**
 * The queue's dead letters, whichever queue runs: the PostgreSQL queue's ({@link DeadLetterService}) or the SQS
 * dead-letter queue's (the functions module's SqsDeadLetters). The API and the admin page both go through this port,
 * so each action has one way to be done. Ids are text: numbers on the PostgreSQL queue, SQS message ids on SQS; an id
 * the running queue cannot have is a bad request ({@link IllegalArgumentException}), one it does not have
 * {@link NotFoundException}. Every method is for administrators only: dead letters of all projects are listed together.
 */
public interface DeadLetters {

    /** Most dead letters one "replay all" (or one list of ids) puts back, so one click cannot flood the queue. */
    int REPLAY_ALL_LIMIT = 1_000;
    int MAX_PAGE_SIZE = 200;

    record Page(List<DeadLetter> items, int offset, int limit, long total) {
    }

    /** @param remaining dead letters still waiting after this replay */
    record Replayed(int replayed, long remaining) {
    }

    /** Newest failure first. */
    Page list(Caller caller, int offset, int limit);

    /** Puts these dead letters back into the queue. All or nothing: an unknown id replays none. */
    Replayed replay(Caller caller, List<String> ids);

    /** Replays the waiting dead letters, at most {@link #REPLAY_ALL_LIMIT} at once on the PostgreSQL queue. */
    Replayed replayAll(Caller caller);

    void delete(Caller caller, String id);

    /**
     * How far a list can page: {@code offset + limit} must stay within it. SQS cannot seek, so it lists only what one
     * pass over its dead-letter queue sees; PostgreSQL has no such bound.
     */
    default int mostListed() {
        return Integer.MAX_VALUE;
    }
}
