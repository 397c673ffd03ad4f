package io.flytrap.functions.metrics;

import io.flytrap.core.metrics.FlytrapMetrics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every count the Lambdas report, as CloudWatch reads embedded metric format: one valid document per line. */
class EmbeddedMetricsTests {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final Instant now = Instant.parse("2026-12-06T22:00:00.123Z");
    final EmbeddedMetrics metrics = new EmbeddedMetrics(new PrintStream(out, true, StandardCharsets.UTF_8),
            Clock.fixed(now, ZoneOffset.UTC), "Flytrap", "flytrap-processSqs");

    private List<JsonNode> documents() {
        String log = out.toString(StandardCharsets.UTF_8);
        assertThat(log.lines()).as("every line is a document, nothing before or after it")
                .allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
        return EmbeddedMetricFormat.documents(log);
    }

    @Test
    void shouldWriteOneSpecificationConformingDocumentPerCount() {
        metrics.eventsAccepted("42", 3);
        metrics.eventRejected(FlytrapMetrics.UNKNOWN_PROJECT, FlytrapMetrics.Refusal.AUTH);
        metrics.eventDropped("42");
        metrics.batchProcessed(9, 1, Duration.ofMillis(250));
        metrics.notification("slack", FlytrapMetrics.Delivery.PARKED);
        metrics.sourceMapCache(true);

        List<JsonNode> documents = documents();
        assertThat(documents).hasSize(6);
        assertThat(documents).allSatisfy(document -> {
            assertThat(document.path("_aws").path("Timestamp").asLong()).isEqualTo(now.toEpochMilli());
            assertThat(document.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asString()).isEqualTo("Flytrap");
        });
        assertThat(documents.get(0).path("EventsAccepted").asDouble()).isEqualTo(3);
        assertThat(documents.get(0).path("Project").asString()).isEqualTo("42");
        assertThat(documents.get(1).path("Reason").asString()).isEqualTo("auth");
        assertThat(documents.get(1).path("Project").asString()).isEqualTo("unknown");
        assertThat(documents.get(1).path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString())
                .isEqualTo("[[\"Project\",\"Reason\"],[\"Reason\"]]");
        assertThat(documents.get(2).path("EventsDropped").asDouble()).isEqualTo(1);
        JsonNode batch = documents.get(3);
        assertThat(batch.path("EventsProcessed").asDouble()).isEqualTo(9);
        assertThat(batch.path("ProcessingFailures").asDouble()).isEqualTo(1);
        assertThat(batch.path("BatchDuration").asDouble()).isEqualTo(250);
        assertThat(batch.path("Function").asString()).isEqualTo("flytrap-processSqs");
        assertThat(batch.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics"))
                .anySatisfy(metric -> {
                    assertThat(metric.path("Name").asString()).isEqualTo("BatchDuration");
                    assertThat(metric.path("Unit").asString()).isEqualTo("Milliseconds");
                });
        assertThat(documents.get(4).path("Channel").asString()).isEqualTo("slack");
        assertThat(documents.get(4).path("Outcome").asString()).isEqualTo("parked");
        assertThat(documents.get(5).path("Result").asString()).isEqualTo("hit");
    }

    @Test
    void shouldFailTheSpecificationCheckForADocumentCloudWatchWouldDrop() {
        // the check itself must be able to fail: a metric named in the directive but missing from the root
        String broken = """
                {"_aws":{"Timestamp":1765058400123,"CloudWatchMetrics":[{"Namespace":"Flytrap","Dimensions":[["Project"]],
                "Metrics":[{"Name":"EventsAccepted","Unit":"Count"}]}]},"Project":"42"}""".replace("\n", "");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedMetricFormat.documents(broken))
                .isInstanceOf(AssertionError.class).hasMessageContaining("EventsAccepted");
        String seconds = broken.replace("1765058400123", "1765058400").replace("\"Project\":\"42\"}", "\"Project\":\"42\",\"EventsAccepted\":1}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedMetricFormat.documents(seconds))
                .isInstanceOf(AssertionError.class).hasMessageContaining("milliseconds");
    }
}
