package io.flytrap.functions.ingest;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.functions.RunningFlytrap;
import io.flytrap.testsupport.TestAccounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ingest answers 200 for, processing must be able to store. A release or environment of thousands of
 * characters passed ingest, then failed every processing attempt (PostgreSQL cannot index a value that long:
 * releases, environments and the issue filters key on them) and died in the queue: accepted, then lost. Both are
 * now cut to Sentry's own limits while the event is parsed, which ingest does before it answers and processing
 * does again, so the two cannot disagree.
 */
class StorableFieldsIngestTests extends RunningFlytrap {

    /**
     * 4,000 characters that do not compress (PostgreSQL compresses an index value before it checks the btree limit
     * of about 2,700 bytes, so a repeated letter would fit), starting with two-byte ones.
     */
    static final String LONG = incompressible(4_000);

    private static String incompressible(int length) {
        Random random = new Random(20);
        String alphabet = "éabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder text = new StringBuilder("éééé");
        while (text.length() < length) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    final HttpClient http = HttpClient.newHttpClient();
    CreatedProject project;

    @BeforeEach
    void project() {
        project = projects.create(TestAccounts.member(users, "storable"), "Storable", "node");
    }

    private HttpResponse<String> post(String path, String contentType, String body, String header, String key)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("content-type", contentType).header(header, key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String column(String column, UUID eventId) {
        return jdbc.sql("select " + column + " from events where project_id = ? and event_id = ?")
                .params(project.project().id(), eventId).query(String.class).single();
    }

    @Test
    void shouldStoreANativeEventWithAVeryLongReleaseAndEnvironmentCutToTheirLimits() throws Exception {
        String event = """
                {"data":{"error":{"name":"Type\\u0000Error","message":"long release","stack":"TypeError: x\\n    at f (/srv/a.js:1:2)"},
                 "handled":true,"timestamp":"2026-12-05T13:12:24.050Z","project_id":"%d",
                 "release":"%s","environment":"%s"}}""".formatted(project.project().id(), LONG, LONG);

        HttpResponse<String> response = post("/api/errors", "application/json", event, "x-api-key", project.key().publicKey());
        drain();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        UUID id = UUID.fromString(response.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
        assertThat(queued(project)).as("not retried into a dead letter").isZero();
        assertThat(column("release", id)).isEqualTo(LONG.substring(0, 200));
        assertThat(column("environment", id)).isEqualTo(LONG.substring(0, 64));
    }

    @Test
    void shouldStoreASentryEventWithAVeryLongReleaseAndEnvironmentCutToTheirLimits() throws Exception {
        UUID id = UUID.randomUUID();
        String event = "{\"event_id\":\"" + id.toString().replace("-", "") + "\",\"platform\":\"node\",\"release\":\""
                + LONG + "\",\"environment\":\"" + LONG + "\",\"exception\":{\"values\":[{\"type\":\"Bad\\u0000Error\","
                + "\"value\":\"long release\"}]}}";

        HttpResponse<String> response = post("/api/" + project.project().id() + "/envelope/", "application/x-sentry-envelope",
                "{}\n{\"type\":\"event\"}\n" + event + "\n", "X-Sentry-Auth", "Sentry sentry_key=" + project.key().publicKey());
        drain();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(queued(project)).as("not retried into a dead letter").isZero();
        assertThat(column("release", id)).isEqualTo(LONG.substring(0, 200));
        assertThat(column("environment", id)).isEqualTo(LONG.substring(0, 64));
        assertThat(jdbc.sql("select count(*) from releases where project_id = ?").param(project.project().id())
                .query(Long.class).single()).as("the release row exists, under the cut name").isEqualTo(1);
    }

    @Test
    void shouldNotCutACharacterOutsideTheBasicPlaneInHalf() throws Exception {
        UUID id = UUID.randomUUID();
        // 199 one-unit characters, then one of two UTF-16 units (U+1F41B) straddling the limit of 200
        String release = "r".repeat(199) + "\uD83D\uDC1B" + "tail";
        String event = "{\"event_id\":\"" + id.toString().replace("-", "") + "\",\"release\":\"" + release
                + "\",\"message\":\"bug\"}";

        HttpResponse<String> response = post("/api/" + project.project().id() + "/store/", "application/json", event,
                "X-Sentry-Auth", "Sentry sentry_key=" + project.key().publicKey());
        drain();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(column("release", id)).as("no lone surrogate (it would not be valid UTF-8)").isEqualTo("r".repeat(199));
    }
}
