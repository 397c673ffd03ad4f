package io.flytrap.functions.process;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param enabled      run queue workers in this process (off when SQS triggers Lambdas instead)
 * @param threads      concurrent workers in this process (two: while one waits on the database, the other parses);
 *                     more processes scale further
 * @param batchSize    events leased and processed together: one upsert per distinct issue per batch, so larger
 *                     batches mean fewer round trips per event (measured: 200 → 1,000 took the drain from
 *                     3,400 to 4,300 events/s on one worker)
 * @param pollInterval longest an idle worker waits before looking again (events from other processes)
 * @param helpAfter    the first worker drains alone until it falls behind: a batch that comes back full, or whose
 *                     oldest event waited longer than this. Only then do the others join it, until they catch up.
 *                     Two workers on a trickle each take half of what one would, and every batch costs its
 *                     statements and issue updates whatever its size: at 1,000 events/s the second worker doubled
 *                     the drain's CPU (issue #24 item 3)
 */
@ConfigurationProperties("flytrap.worker")
public record WorkerProperties(@DefaultValue("true") boolean enabled,
                               @DefaultValue("2") int threads,
                               @DefaultValue("1000") int batchSize,
                               @DefaultValue("1s") Duration pollInterval,
                               @DefaultValue("250ms") Duration helpAfter) {
}
