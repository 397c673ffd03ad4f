package io.flytrap.functions.process;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param enabled      run queue workers in this process (off when SQS triggers Lambdas instead)
 * @param threads      concurrent workers in this process; more processes scale further
 * @param batchSize    events leased and processed together
 * @param pollInterval longest an idle worker waits before looking again (events from other processes)
 */
@ConfigurationProperties("flytrap.worker")
public record WorkerProperties(@DefaultValue("true") boolean enabled,
                               @DefaultValue("1") int threads,
                               @DefaultValue("200") int batchSize,
                               @DefaultValue("1s") Duration pollInterval) {
}
