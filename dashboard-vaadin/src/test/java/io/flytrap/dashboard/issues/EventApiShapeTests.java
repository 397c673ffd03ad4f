package io.flytrap.dashboard.issues;

import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.functions.process.QueueWorker;
import io.flytrap.testsupport.UsesTestDatabase;
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
import java.net.http.HttpResponse.BodyHandlers;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a reader of the event API gets back is what the SDK sent: an event posted to {@code /api/errors}, processed,
 * and read from {@code /api/v1/issues/{id}/events/latest}.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.enabled=false")
@UsesTestDatabase
class EventApiShapeTests {

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

    @Test
    void shouldGiveBackBreadcrumbDataInItsJsonTypesAndTheUserWithoutDerivedFields() throws Exception {
        var owner = users.create("shape-" + UUID.randomUUID() + "@example.com", "a long enough password", Role.MEMBER);
        String token = tokens.issue(owner.id(), "test").token();
        JsonNode project = api("POST", "/api/v1/projects", token, "{\"name\": \"Shop\"}");
        long projectId = project.get("id").longValue();

        var ingest = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/errors"))
                .header("x-api-key", project.at("/sdk/apiKey").stringValue())
                .POST(BodyPublishers.ofString("""
                        {"data": {"error": {"name": "TypeError", "message": "cart is undefined",
                                            "stack": "TypeError: cart is undefined\\n    at checkout (https://shop.example/app.js:10:5)"},
                                  "project_id": %d, "user": {"id": "42", "email": "ada@example.com"},
                                  "breadcrumbs": [{"type": "http", "category": "fetch", "message": "GET /cart",
                                                   "data": {"status_code": 502, "duration": 1.5, "cached": false,
                                                            "url": "/cart", "retries": [1, 2]}}]}}""".formatted(projectId)))
                        .build(), BodyHandlers.ofString());
        assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);
        assertThat(worker.drainOnce()).isPositive();
        long issueId = api("GET", "/api/v1/projects/" + projectId + "/issues", token, null).at("/items/0/id").longValue();

        JsonNode event = api("GET", "/api/v1/issues/" + issueId + "/events/latest", token, null);

        JsonNode data = event.at("/breadcrumbs/0/data");
        // must not turn numbers, booleans and arrays into strings ("502", "false")
        assertThat(data.get("status_code").isIntegralNumber()).as(data.toString()).isTrue();
        assertThat(data.get("status_code").intValue()).isEqualTo(502);
        assertThat(data.get("duration").doubleValue()).isEqualTo(1.5);
        assertThat(data.get("cached").isBoolean()).as(data.toString()).isTrue();
        assertThat(data.get("url").stringValue()).isEqualTo("/cart");
        assertThat(data.get("retries").isArray()).as(data.toString()).isTrue();
        // must not carry "empty": false, a Java accessor that is no part of the user the SDK sent
        assertThat(event.get("user").propertyNames()).contains("id", "email").doesNotContain("empty");
        assertThat(event.at("/user/id").stringValue()).isEqualTo("42");
    }

    private JsonNode api(String method, String path, String token, String body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
                .header("content-type", "application/json").header("Authorization", "Bearer " + token).build(),
                BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return json.readTree(response.body());
    }
}
