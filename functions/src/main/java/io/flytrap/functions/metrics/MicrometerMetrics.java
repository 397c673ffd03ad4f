package io.flytrap.functions.metrics;

import io.flytrap.core.metrics.FlytrapMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link FlytrapMetrics} as Micrometer meters, for the containers and the one-process app: Prometheus reads them at
 * {@code /actuator/prometheus}. The names are documented in docs/operations.md; the Grafana dashboard and alerts
 * people write depend on them, so they change only with a note there.
 */
class MicrometerMetrics implements FlytrapMetrics {

    static final String ACCEPTED = "flytrap.ingest.events.accepted";
    static final String REJECTED = "flytrap.ingest.events.rejected";
    static final String DROPPED = "flytrap.ingest.events.dropped";
    static final String PROCESSED = "flytrap.processing.events";
    static final String PROCESSING_FAILURES = "flytrap.processing.failures";
    static final String BATCH = "flytrap.processing.batch";
    static final String NOTIFICATIONS = "flytrap.notifications";
    static final String SOURCE_MAP_CACHE = "flytrap.sourcemaps.cache";

    private final MeterRegistry registry;
    private final Counter processed;
    private final Counter processingFailures;
    private final Timer batch;
    private final Counter sourceMapHits;
    private final Counter sourceMapMisses;
    /** Per project: found once, not built and looked up in the registry again for every accepted event. */
    private final Map<String, Counter> accepted = new ConcurrentHashMap<>();

    MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.processed = Counter.builder(PROCESSED).description("Events processed: stored, or found stored before").register(registry);
        this.processingFailures = Counter.builder(PROCESSING_FAILURES)
                .description("Events whose processing failed (retried with backoff, dead letters after the last attempt)").register(registry);
        this.batch = Timer.builder(BATCH).description("Time to process one batch of queued events")
                .publishPercentileHistogram().register(registry);
        this.sourceMapHits = sourceMapCache("hit");
        this.sourceMapMisses = sourceMapCache("miss");
    }

    private Counter sourceMapCache(String result) {
        return Counter.builder(SOURCE_MAP_CACHE).description("Look-ups of parsed source maps, by whether the cache had it")
                .tag("result", result).register(registry);
    }

    @Override
    public void eventsAccepted(String project, int events) {
        accepted.computeIfAbsent(project, tag -> Counter.builder(ACCEPTED).description("Events accepted and queued")
                .tag("project", tag).register(registry)).increment(events);
    }

    @Override
    public void eventRejected(String project, Refusal reason) {
        Counter.builder(REJECTED).description("Ingest requests refused, by reason")
                .tag("project", project).tag("reason", reason.tag()).register(registry).increment();
    }

    @Override
    public void eventDropped(String project) {
        Counter.builder(DROPPED).description("Valid ingest requests that could not be queued (503)")
                .tag("project", project).register(registry).increment();
    }

    @Override
    public void batchProcessed(int processedEvents, int failedEvents, Duration took) {
        processed.increment(processedEvents);
        processingFailures.increment(failedEvents);
        batch.record(took);
    }

    @Override
    public void notification(String channelKind, Delivery delivery) {
        Counter.builder(NOTIFICATIONS).description("Alert notification sends, by channel kind and outcome").tag("channel", channelKind).tag("outcome", delivery.tag())
                .register(registry).increment();
    }

    @Override
    public void sourceMapCache(boolean hit) {
        (hit ? sourceMapHits : sourceMapMisses).increment();
    }
}
