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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The issues API's {@code query=}: the search syntax over HTTP, its canonical echo, and a 400 for what cannot be read. */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.enabled=false")
@UsesTestDatabase
class IssueSearchApiTests {

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
    long projectId;

    @BeforeEach
    void twoIssues() throws Exception {
        var owner = users.create("search-api-" + UUID.randomUUID() + "@example.com", "a long enough password", Role.MEMBER);
        token = tokens.issue(owner.id(), "test").token();
        JsonNode project = json.readTree(send("POST", "/api/v1/projects", "{\"name\": \"Shop\"}").body());
        projectId = project.get("id").longValue();
        String key = project.at("/sdk/apiKey").stringValue();
        post(key, """
                {"data": {"error": {"name": "TypeError", "message": "cart is undefined"}, "project_id": %d, "level": "error",
                          "handled": false, "tags": {"customer": "acme"}, "user": {"id": "42", "email": "ada@example.com"}}}""");
        post(key, """
                {"data": {"error": {"name": "RangeError", "message": "bad length"}, "project_id": %d, "level": "warning",
                          "tags": {"customer": "50%% off; 'x'"}}}""");
        assertThat(worker.drainOnce()).isPositive();
    }

    private void post(String key, String body) throws Exception {
        var ingest = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/errors"))
                .header("x-api-key", key).POST(BodyPublishers.ofString(body.formatted(projectId))).build(), BodyHandlers.ofString());
        assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
                        .header("content-type", "application/json").header("Authorization", "Bearer " + token).build(),
                BodyHandlers.ofString());
    }

    private HttpResponse<String> search(String query) throws Exception {
        return send("GET", "/api/v1/projects/" + projectId + "/issues?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8), null);
    }

    private List<String> titles(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode page = json.readTree(response.body());
        return StreamSupport.stream(page.get("items").spliterator(), false).map(item -> item.get("title").stringValue()).toList();
    }

    @Test
    void shouldAnswerTheSearchSyntax() throws Exception {
        assertThat(titles(search("is:unresolved level:error handled:no user.email:ada@example.com customer:acme")))
                .containsExactly("TypeError: cart is undefined");
        assertThat(titles(search("!level:error"))).containsExactly("RangeError: bad length");
        assertThat(titles(search("has:user.id"))).containsExactly("TypeError: cart is undefined");
        assertThat(titles(search("!has:user.id length"))).containsExactly("RangeError: bad length");
        assertThat(titles(search("customer:\"50% off; 'x'\""))).as("quotes, percent and semicolon as data")
                .containsExactly("RangeError: bad length");
        assertThat(titles(search("customer:50%"))).as("no wildcard").isEmpty();
        assertThat(json.readTree(search("  Level:ERROR   cart ").body()).get("query").stringValue())
                .as("the search as understood, canonical").isEqualTo("level:error cart");
        assertThat(titles(send("GET", "/api/v1/projects/" + projectId + "/issues?query=cart&status=unresolved&level=error", null)))
                .as("the older parameters still work, as filters of the same search").containsExactly("TypeError: cart is undefined");
        assertThat(titles(send("GET", "/api/v1/projects/" + projectId + "/issues", null))).as("no query: every issue").hasSize(2);
    }

    @Test
    void shouldRefuseASearchThatCannotBeReadWith400() throws Exception {
        HttpResponse<String> unterminated = search("release:\"1.0");
        assertThat(unterminated.statusCode()).isEqualTo(400);
        assertThat(unterminated.body()).contains("Unterminated quote at position 9");

        assertThat(search("level:loud").statusCode()).isEqualTo(400);
        assertThat(search("level:loud").body()).contains("level: must be one of fatal, error, warning, info, debug");
        assertThat(search("!cart").statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/v1/projects/" + projectId + "/issues?status=closed", null).statusCode()).isEqualTo(400);
        assertThat(titles(search(""))).as("nothing changed").hasSize(2);
    }
}
