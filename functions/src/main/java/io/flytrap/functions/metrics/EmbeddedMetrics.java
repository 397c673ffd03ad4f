package io.flytrap.functions.metrics;

import io.flytrap.core.metrics.FlytrapMetrics;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link FlytrapMetrics} as CloudWatch embedded metric format: one JSON line on standard output per count, which
 * CloudWatch Logs turns into metrics of the namespace (default {@code Flytrap}) with no call to CloudWatch and no
 * library. Chosen over Micrometer's CloudWatch registry for the Lambdas: that registry would load Micrometer and
 * the CloudWatch SDK client at every cold start and publish on a background thread a frozen Lambda may never run;
 * a line is written before the invocation returns, and Lambda ships its output to CloudWatch Logs anyway.
 * <p>
 * Written straight to standard output, not through the logger: a structured log line would wrap the document,
 * and CloudWatch reads only a log event that is the document itself.
 */
class EmbeddedMetrics implements FlytrapMetrics {

    private final PrintStream out;
    private final Clock clock;
    private final String namespace;
    private final String function;
    private final JsonMapper json = JsonMapper.builder().build();

    EmbeddedMetrics(PrintStream out, Clock clock, String namespace, String function) {
        this.out = out;
        this.clock = clock;
        this.namespace = namespace;
        this.function = function;
    }

    private record Metric(String name, String unit, double value) {
    }

    @Override
    public void eventsAccepted(String project, int events) {
        emit(List.of(List.of("Project")), Map.of("Project", project), new Metric("EventsAccepted", "Count", events));
    }

    @Override
    public void eventRejected(String project, Refusal reason) {
        emit(List.of(List.of("Project", "Reason"), List.of("Reason")), Map.of("Project", project, "Reason", reason.tag()),
                new Metric("EventsRejected", "Count", 1));
    }

    @Override
    public void eventDropped(String project) {
        emit(List.of(List.of("Project")), Map.of("Project", project), new Metric("EventsDropped", "Count", 1));
    }

    @Override
    public void batchProcessed(int processed, int failed, Duration took) {
        emit(List.of(List.of("Function")), Map.of("Function", function),
                new Metric("EventsProcessed", "Count", processed), new Metric("ProcessingFailures", "Count", failed),
                new Metric("BatchDuration", "Milliseconds", took.toNanos() / 1_000_000.0));
    }

    @Override
    public void notification(String channelKind, Delivery delivery) {
        emit(List.of(List.of("Channel", "Outcome")), Map.of("Channel", channelKind, "Outcome", delivery.tag()),
                new Metric("Notifications", "Count", 1));
    }

    @Override
    public void sourceMapCache(boolean hit) {
        emit(List.of(List.of("Result")), Map.of("Result", hit ? "hit" : "miss"), new Metric("SourceMapCacheLookups", "Count", 1));
    }

    /** One document: the directive naming dimensions and metrics, then each of them as a member of the root. */
    private void emit(List<List<String>> dimensionSets, Map<String, String> dimensions, Metric... metrics) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("_aws", Map.of(
                "Timestamp", clock.millis(),
                "CloudWatchMetrics", List.of(Map.of(
                        "Namespace", namespace,
                        "Dimensions", dimensionSets,
                        "Metrics", java.util.Arrays.stream(metrics)
                                .map(metric -> Map.of("Name", metric.name(), "Unit", metric.unit())).toList()))));
        document.putAll(dimensions);
        for (Metric metric : metrics) {
            document.put(metric.name(), metric.value());
        }
        String line = json.writeValueAsString(document);
        synchronized (out) {
            out.println(line);
        }
    }
}
