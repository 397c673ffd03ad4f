package io.flytrap.core.issues;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Collection;
import java.util.TreeSet;

/**
 * A transaction-scoped PostgreSQL advisory lock per project between the processor, which files events into the
 * project's issues, and merges and undos, which move fingerprints between issues and change where events are
 * counted. Batches share it, so they never wait for each other here; a merge takes it alone, so it waits for the
 * batches in flight and the batches after it see its result.
 * <p>
 * Why not only the issue rows' locks: a batch now copies its events in before it locks its issues (issue #24: two
 * workers' copies overlap instead of queueing behind each other's issue locks). The copy's foreign-key checks take
 * key-share locks on those issues, which a merge's {@code for update} waits for while the batch may wait for the
 * merge's row locks: a deadlock, and a failed batch. This lock keeps the two apart instead.
 */
final class ProjectIssueLock {

    private static final String NAMESPACE = "flytrap.issues.filing";

    private ProjectIssueLock() {
    }

    /** For a batch: the projects' locks shared, in id order (merges take one each, so no cycle can form). */
    static void share(JdbcClient jdbc, Collection<Long> projectIds) {
        jdbc.sql("select pg_advisory_xact_lock_shared(hashtextextended(?, p)) from unnest(?::bigint[]) as u(p)")
                .params(NAMESPACE, new TreeSet<>(projectIds).toArray(Long[]::new)).query((rs, i) -> null).list();
    }

    /** For a merge or undo: the project's lock alone, before any issue row is locked. */
    static void exclude(JdbcClient jdbc, long projectId) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, ?))").params(NAMESPACE, projectId)
                .query((rs, i) -> null).list();
    }
}
