package io.flytrap.dashboard.issues;

import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.functions.process.QueueWorker;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /api/v1/issues/merge and /api/v1/issues/{id}/unmerge over HTTP: events ingested and processed for real, a
 * merge, an event for the merged fingerprint redirected, the undo, and the refusals (400 with the API's error
 * shape, 404 for someone else's issues) changing nothing.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.enabled=false")
@UsesTestDatabase
class IssueMergeApiTests {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    QueueWorker worker;
    @Autowired
    JsonMapper json;

    final HttpClient http = HttpClient.newHttpClient();
    String token;
    String key;
    long projectId;

    @BeforeEach
    void twoIssues() throws Exception {
        token = tokenOfNewUser("merge-api");
        JsonNode project = json.readTree(send("POST", "/api/v1/projects", "{\"name\": \"Shop\"}", token).body());
        projectId = project.get("id").longValue();
        key = project.at("/sdk/apiKey").stringValue();
        ingest("TypeError");
        ingest("TypeError");
        ingest("RangeError");
    }

    private String tokenOfNewUser(String label) {
        var user = users.create(label + "-" + UUID.randomUUID() + "@example.com", "a long enough password", Role.MEMBER);
        return tokens.issue(user.id(), "test").token();
    }

    private void ingest(String type) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/errors"))
                .header("x-api-key", key).POST(BodyPublishers.ofString("""
                        {"data": {"error": {"name": "%s", "message": "boom"}, "project_id": %d}}""".formatted(type, projectId)))
                .build(), BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(worker.drainOnce()).isPositive();
    }

    private HttpResponse<String> send(String method, String path, String body, String bearer) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
                        .header("content-type", "application/json").header("Authorization", "Bearer " + bearer).build(),
                BodyHandlers.ofString());
    }

    /** Event count by title of the issues the list shows. */
    private Map<String, Long> listed() throws Exception {
        var response = send("GET", "/api/v1/projects/" + projectId + "/issues", null, token);
        assertThat(response.statusCode()).isEqualTo(200);
        return StreamSupport.stream(json.readTree(response.body()).get("items").spliterator(), false)
                .collect(java.util.stream.Collectors.toMap(i -> i.get("title").stringValue(), i -> i.get("eventCount").longValue()));
    }

    private long idOf(String title) throws Exception {
        var response = send("GET", "/api/v1/projects/" + projectId + "/issues", null, token);
        return StreamSupport.stream(json.readTree(response.body()).get("items").spliterator(), false)
                .filter(i -> i.get("title").stringValue().equals(title)).findFirst().orElseThrow().get("id").longValue();
    }

    @Test
    void shouldMergeRedirectAndUndo() throws Exception {
        long a = idOf("TypeError: boom");
        long b = idOf("RangeError: boom");

        var merged = send("POST", "/api/v1/issues/merge", "{\"ids\": [%d, %d], \"into\": %d}".formatted(a, b, a), token);

        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        assertThat(json.readTree(merged.body()).get("eventCount").longValue()).isEqualTo(3);
        assertThat(listed()).containsExactly(Map.entry("TypeError: boom", 3L));
        var children = json.readTree(send("GET", "/api/v1/issues/" + a + "/merged", null, token).body());
        assertThat(children.get(0).get("id").longValue()).isEqualTo(b);

        ingest("RangeError");
        assertThat(listed()).as("the merged fingerprint's new event").containsExactly(Map.entry("TypeError: boom", 4L));

        var undone = send("POST", "/api/v1/issues/" + a + "/unmerge", null, token);
        assertThat(undone.statusCode()).as(undone.body()).isEqualTo(200);
        assertThat(listed()).containsOnly(Map.entry("TypeError: boom", 2L), Map.entry("RangeError: boom", 2L));
    }

    @Test
    void shouldRefuseWith400Or404AndChangeNothing() throws Exception {
        long a = idOf("TypeError: boom");
        long b = idOf("RangeError: boom");

        var one = send("POST", "/api/v1/issues/merge", "{\"ids\": [%d], \"into\": %d}".formatted(a, a), token);
        assertThat(one.statusCode()).isEqualTo(400);
        assertThat(json.readTree(one.body()).get("error").stringValue()).isEqualTo("merging needs at least two different issues");
        assertThat(send("POST", "/api/v1/issues/merge", "{\"ids\": [%d, %d]}".formatted(a, b), token).statusCode())
                .as("no primary").isEqualTo(400);
        assertThat(send("POST", "/api/v1/issues/" + a + "/unmerge", null, token).statusCode()).as("nothing to undo")
                .isEqualTo(400);
        for (String hostile : List.of("not json", "{\"ids\": \"x\", \"into\": 1}", "{\"ids\": [%d, null], \"into\": %d}".formatted(a, a),
                "{\"ids\": [%d, %d], \"into\": \"<script>\"}".formatted(a, b), "{}")) {
            var refused = send("POST", "/api/v1/issues/merge", hostile, token);
            assertThat(refused.statusCode()).as(hostile).isEqualTo(400);
            assertThat(json.readTree(refused.body()).has("error")).as(refused.body()).isTrue();
        }
        assertThat(send("POST", "/api/v1/issues/abc/unmerge", null, token).statusCode()).isEqualTo(400);
        String stranger = tokenOfNewUser("merge-stranger");
        assertThat(send("POST", "/api/v1/issues/merge", "{\"ids\": [%d, %d], \"into\": %d}".formatted(a, b, a), stranger)
                .statusCode()).isEqualTo(404);

        assertThat(listed()).containsOnly(Map.entry("TypeError: boom", 2L), Map.entry("RangeError: boom", 1L));
    }
}
