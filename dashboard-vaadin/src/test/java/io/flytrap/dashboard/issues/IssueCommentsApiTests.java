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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The comments API ({@code /api/v1/issues/{id}/comments}) and "resolve in the next release" over PATCH: members
 * comment and read, a non-member is told the issue does not exist, bad input is a 400 that changes nothing.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.enabled=false")
@UsesTestDatabase
class IssueCommentsApiTests {

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
    String strangerToken;
    long issueId;

    @BeforeEach
    void oneIssue() throws Exception {
        var owner = users.create("comments-api-" + UUID.randomUUID() + "@example.com", "a long enough password", Role.MEMBER);
        var stranger = users.create("stranger-api-" + UUID.randomUUID() + "@example.com", "a long enough password", Role.MEMBER);
        token = tokens.issue(owner.id(), "test").token();
        strangerToken = tokens.issue(stranger.id(), "test").token();
        JsonNode project = json.readTree(send(token, "POST", "/api/v1/projects", "{\"name\": \"Shop\"}").body());
        long projectId = project.get("id").longValue();
        var ingest = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/errors"))
                .header("x-api-key", project.at("/sdk/apiKey").stringValue())
                .POST(BodyPublishers.ofString("""
                        {"data": {"error": {"name": "TypeError", "message": "cart is undefined"}, "project_id": %d}}"""
                        .formatted(projectId))).build(), BodyHandlers.ofString());
        assertThat(ingest.statusCode()).isEqualTo(200);
        assertThat(worker.drainOnce()).isPositive();
        JsonNode issues = json.readTree(send(token, "GET", "/api/v1/projects/" + projectId + "/issues", null).body());
        issueId = issues.at("/items/0/id").longValue();
    }

    private HttpResponse<String> send(String bearer, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
                        .header("content-type", "application/json").header("Authorization", "Bearer " + bearer).build(),
                BodyHandlers.ofString());
    }

    private int commentCount() throws Exception {
        return json.readTree(send(token, "GET", "/api/v1/issues/" + issueId + "/comments", null).body()).size();
    }

    @Test
    void shouldAddListAndDeleteAComment() throws Exception {
        HttpResponse<String> added = send(token, "POST", "/api/v1/issues/" + issueId + "/comments",
                "{\"text\": \"<script>alert(1)</script> looking\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        JsonNode comment = json.readTree(added.body());
        assertThat(comment.get("text").stringValue()).isEqualTo("<script>alert(1)</script> looking");

        HttpResponse<String> listed = send(token, "GET", "/api/v1/issues/" + issueId + "/comments", null);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(json.readTree(listed.body()).get(0).get("id").longValue()).isEqualTo(comment.get("id").longValue());

        assertThat(send(token, "DELETE", "/api/v1/issues/" + issueId + "/comments/" + comment.get("id").longValue(), null)
                .statusCode()).isEqualTo(204);
        assertThat(commentCount()).isZero();
    }

    @Test
    void shouldAnswerANonMember404AndStoreNothing() throws Exception {
        assertThat(send(strangerToken, "POST", "/api/v1/issues/" + issueId + "/comments", "{\"text\": \"hi\"}").statusCode())
                .isEqualTo(404);
        assertThat(send(strangerToken, "GET", "/api/v1/issues/" + issueId + "/comments", null).statusCode()).isEqualTo(404);
        assertThat(commentCount()).isZero();
    }

    @Test
    void shouldRefuseBadInputWith400AndChangeNothing() throws Exception {
        HttpResponse<String> blank = send(token, "POST", "/api/v1/issues/" + issueId + "/comments", "{\"text\": \"  \"}");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("a comment needs some text");
        assertThat(commentCount()).isZero();

        HttpResponse<String> noRelease = send(token, "PATCH", "/api/v1/issues/" + issueId,
                "{\"status\": \"resolved\", \"inNextRelease\": true}");
        assertThat(noRelease.statusCode()).isEqualTo(400);
        assertThat(noRelease.body()).contains("no release");
        HttpResponse<String> both = send(token, "PATCH", "/api/v1/issues/" + issueId,
                "{\"status\": \"resolved\", \"inRelease\": \"2.0\", \"inNextRelease\": true}");
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(json.readTree(send(token, "GET", "/api/v1/issues/" + issueId, null).body()).get("status").stringValue())
                .isEqualTo("unresolved");
    }
}
