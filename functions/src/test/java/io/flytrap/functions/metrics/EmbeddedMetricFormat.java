package io.flytrap.functions.metrics;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What CloudWatch requires of an embedded metric format document (AWS, "Specification: Embedded metric format"):
 * the log event is one JSON object and nothing else; {@code _aws} holds a numeric {@code Timestamp} (milliseconds
 * since the epoch) and a {@code CloudWatchMetrics} array of directives, each with a {@code Namespace} (1 to 255
 * characters), {@code Dimensions} (an array of dimension sets, each an array of at most 30 names) and {@code Metrics}
 * (at most 100 definitions, each a {@code Name} and optionally a {@code Unit} CloudWatch knows); every dimension
 * named is a string member of the root, every metric named a numeric member (or an array of up to 100 numbers).
 */
public final class EmbeddedMetricFormat {

    /** The units of CloudWatch's MetricDatum. */
    static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes",
            "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count",
            "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second",
            "Count/Second", "None");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EmbeddedMetricFormat() {
    }

    /** The lines of a log that are metric documents, each checked against the specification. */
    public static List<JsonNode> documents(String log) {
        List<JsonNode> documents = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.contains("\"_aws\"")) {
                JsonNode document = JSON.readTree(line);
                check(document);
                documents.add(document);
            }
        }
        return documents;
    }

    static void check(JsonNode document) {
        assertThat(document.isObject()).as("a JSON object: %s", document).isTrue();
        JsonNode aws = document.path("_aws");
        assertThat(aws.path("Timestamp").isIntegralNumber()).as("_aws.Timestamp in milliseconds: %s", document).isTrue();
        assertThat(aws.path("Timestamp").asLong()).as("milliseconds, not seconds").isGreaterThan(1_500_000_000_000L);
        assertThat(aws.path("CloudWatchMetrics").isArray()).as("_aws.CloudWatchMetrics: %s", document).isTrue();
        assertThat(aws.path("CloudWatchMetrics")).isNotEmpty();
        for (JsonNode directive : aws.path("CloudWatchMetrics")) {
            assertThat(directive.path("Namespace").isString()).as("Namespace: %s", directive).isTrue();
            assertThat(directive.path("Namespace").asString()).hasSizeBetween(1, 255).doesNotContain(":");
            assertThat(directive.path("Dimensions").isArray()).as("Dimensions: %s", directive).isTrue();
            for (JsonNode set : directive.path("Dimensions")) {
                assertThat(set.isArray()).as("a dimension set is an array: %s", directive).isTrue();
                assertThat(set.size()).isLessThanOrEqualTo(30);
                Set<String> seen = new HashSet<>();
                for (JsonNode name : set) {
                    assertThat(seen.add(name.asString())).as("each dimension once per set").isTrue();
                    assertThat(document.path(name.asString()).isString())
                            .as("dimension %s is a string member of the root: %s", name, document).isTrue();
                    assertThat(document.path(name.asString()).asString()).hasSizeBetween(1, 1024);
                }
            }
            assertThat(directive.path("Metrics").isArray()).isTrue();
            assertThat(directive.path("Metrics").size()).isBetween(1, 100);
            for (JsonNode metric : directive.path("Metrics")) {
                String name = metric.path("Name").asString();
                assertThat(name).hasSizeBetween(1, 1024);
                if (metric.has("Unit")) {
                    assertThat(UNITS).as("a CloudWatch unit").contains(metric.path("Unit").asString());
                }
                JsonNode value = document.path(name);
                assertThat(value.isNumber() || value.isArray() && value.size() <= 100)
                        .as("metric %s is a numeric member of the root: %s", name, document).isTrue();
            }
        }
    }
}
