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

/**
 * PUT /api/v1/issues/{id}/assignee and /external-link over HTTP: the issue's JSON carries the assignee and the
 * link; a non-member assignee or a javascript: link is a 400 with a message and changes nothing.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.enabled=false")
@UsesTestDatabase
class IssueAssigneeApiTests {

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
    String ownerEmail;
    long issueId;

    @BeforeEach
    void oneIssue() throws Exception {
        ownerEmail = "assign-api-" + UUID.randomUUID() + "@example.com";
        var owner = users.create(ownerEmail, "a long enough password", Role.MEMBER);
        token = tokens.issue(owner.id(), "test").token();
        JsonNode project = json.readTree(send("POST", "/api/v1/projects", "{\"name\": \"Shop\"}").body());
        long projectId = project.get("id").longValue();
        var ingest = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/errors"))
                .header("x-api-key", project.at("/sdk/apiKey").stringValue())
                .POST(BodyPublishers.ofString("""
                        {"data": {"error": {"name": "TypeError", "message": "x"}, "project_id": %d}}""".formatted(projectId)))
                .build(), BodyHandlers.ofString());
        assertThat(ingest.statusCode()).isEqualTo(200);
        assertThat(worker.drainOnce()).isPositive();
        JsonNode page = json.readTree(send("GET", "/api/v1/projects/" + projectId + "/issues", null).body());
        issueId = page.get("items").get(0).get("id").longValue();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
                        .header("content-type", "application/json").header("Authorization", "Bearer " + token).build(),
                BodyHandlers.ofString());
    }

    private JsonNode issue() throws Exception {
        return json.readTree(send("GET", "/api/v1/issues/" + issueId, null).body());
    }

    @Test
    void shouldAssignUnassignAndRefuseOverHttp() throws Exception {
        var assigned = send("PUT", "/api/v1/issues/" + issueId + "/assignee", "{\"email\": \"" + ownerEmail.toUpperCase() + "\"}");
        assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(200);
        assertThat(json.readTree(assigned.body()).get("assigneeEmail").stringValue()).isEqualTo(ownerEmail);

        var stranger = users.create("stranger-" + UUID.randomUUID() + "@example.com", "a long enough password", Role.MEMBER);
        var refused = send("PUT", "/api/v1/issues/" + issueId + "/assignee", "{\"email\": \"" + stranger.email() + "\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("members of their project");
        assertThat(issue().get("assigneeEmail").stringValue()).as("unchanged").isEqualTo(ownerEmail);

        var unassigned = send("PUT", "/api/v1/issues/" + issueId + "/assignee", "{\"email\": null}");
        assertThat(unassigned.statusCode()).isEqualTo(200);
        assertThat(issue().get("assigneeEmail").isNull()).isTrue();
        assertThat(send("PUT", "/api/v1/issues/999999999/assignee", "{\"email\": null}").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldLinkOnlyWebAddressesOverHttp() throws Exception {
        var refused = send("PUT", "/api/v1/issues/" + issueId + "/external-link", "{\"url\": \"javascript:alert(1)\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("http:// or https://");
        assertThat(issue().get("externalUrl").isNull()).isTrue();

        var linked = send("PUT", "/api/v1/issues/" + issueId + "/external-link", "{\"url\": \"https://jira.example.com/browse/SHOP-1\"}");
        assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
        assertThat(issue().get("externalUrl").stringValue()).isEqualTo("https://jira.example.com/browse/SHOP-1");
    }
}
