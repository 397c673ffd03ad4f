package io.flytrap.dashboard.tokens;

import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.User;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.testsupport.TestEvents;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upload tokens carry scopes, as Sentry's auth tokens do: by default only project:releases (source maps,
 * releases, deploys), so a CI secret that leaks cannot turn scrubbing off, shorten retention, add a webhook that
 * carries events outside or read events.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false", "flytrap.alerts.dispatcher.enabled=false"})
@UsesTestDatabase
class TokenScopeTests {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    EventProcessor processor;
    @Autowired
    IssueQueries issues;
    @Autowired
    Clock clock;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    final HttpClient http = HttpClient.newHttpClient();
    User owner;
    String member;
    long projectId;
    String base;
    long issueId;

    @BeforeEach
    void aProjectWithAnIssue() throws Exception {
        owner = users.create("scopes-" + UUID.randomUUID() + "@example.com", "a long test password", Role.MEMBER);
        member = tokens.issue(owner.id(), "laptop").token();
        projectId = json.readTree(send("POST", "/api/v1/projects", member, "{\"name\": \"Scoped shop\"}").body()).get("id").longValue();
        base = "/api/v1/projects/" + projectId;
        TestEvents.process(processor, projectId, """
                {"data": {"error": {"name": "TypeError", "message": "secret order 42 failed"}, "project_id": %d}}"""
                .formatted(projectId), clock.instant());
        issueId = issues.search(owner.asCaller(), projectId, IssueFilter.all(), 0, 1).getFirst().id();
    }

    private HttpResponse<String> send(String method, String path, String bearer, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json").header("Authorization", "Bearer " + bearer).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode uploadToken(String body) throws Exception {
        HttpResponse<String> created = send("POST", base + "/tokens", member, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body());
    }

    private void assertRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.request().uri() + ": " + response.body())
                .isEqualTo(403);
        assertThat(response.headers().firstValue("content-type")).get().asString().contains("application/json");
        JsonNode body = json.readTree(response.body());
        // Flytrap's API says {"error": ...}; its Sentry-compatible endpoints {"detail": ...}, as sentry-cli expects
        assertThat((body.has("error") ? body.get("error") : body.get("detail")).asString()).contains("scope");
    }

    private String settings() {
        return jdbc.sql("select scrub_data || ' ' || scrub_ip_addresses || ' ' || retention_days from projects where id = ?")
                .param(projectId).query(String.class).single();
    }

    private long channels() {
        return jdbc.sql("select count(*) from alert_channels where project_id = ?").param(projectId).query(Long.class).single();
    }

    @Test
    void shouldLimitANewUploadTokenToReleasesByDefault() throws Exception {
        JsonNode created = uploadToken("{\"name\": \"CI\"}");
        assertThat(created.get("scopes").valueStream().map(JsonNode::asString)).containsExactly("project:releases");
        String ci = created.get("token").asString();
        String settingsBefore = settings();
        long channelsBefore = channels();

        assertRefused(send("PUT", base + "/settings", ci, "{\"scrubData\": false, \"scrubIpAddresses\": false, \"retentionDays\": 1}"));
        assertRefused(send("POST", base + "/alert-channels", ci,
                "{\"kind\": \"webhook\", \"name\": \"exfil\", \"url\": \"https://93.184.215.14/hooks/flytrap\"}"));
        assertRefused(send("GET", base + "/settings", ci, null));
        assertRefused(send("GET", base + "/alert-channels", ci, null));
        assertRefused(send("GET", base + "/issues", ci, null));
        assertRefused(send("GET", "/api/v1/issues/" + issueId, ci, null));
        assertRefused(send("GET", "/api/v1/issues/" + issueId + "/events/latest", ci, null));
        assertRefused(send("POST", base + "/keys", ci, "{\"label\": \"mine\"}"));
        assertRefused(send("DELETE", "/api/v1/issues/" + issueId, ci, null));
        assertThat(settings()).as("scrubbing and retention unchanged").isEqualTo(settingsBefore);
        assertThat(channels()).as("no webhook added").isEqualTo(channelsBefore);
        assertThat(issues.search(owner.asCaller(), projectId, IssueFilter.all(), 0, 5)).as("issue still there").hasSize(1);

        // what CI needs still works: releases, deploys, source maps
        HttpResponse<String> release = send("POST", "/api/0/organizations/flytrap/releases/", ci,
                "{\"version\": \"2.0\", \"projects\": [\"" + projectId + "\"]}");
        assertThat(release.statusCode()).as(release.body()).isEqualTo(201);
        HttpResponse<String> deploy = send("POST", "/api/0/organizations/flytrap/releases/2.0/deploys/", ci,
                "{\"environment\": \"production\", \"projects\": [\"" + projectId + "\"]}");
        assertThat(deploy.statusCode()).as(deploy.body()).isEqualTo(201);
        HttpResponse<String> artifact = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + base
                        + "/artifacts?release=2.0&name=~/app.min.js.map"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"version\": 3, \"sources\": [\"app.js\"], \"names\": [], \"mappings\": \"AAAA\"}"))
                .header("content-type", "application/octet-stream").header("Authorization", "Bearer " + ci).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(artifact.statusCode()).as(artifact.body()).isEqualTo(201);
    }

    @Test
    void shouldGrantExactlyTheScopesChosen() throws Exception {
        String reader = uploadToken("{\"name\": \"dashboard export\", \"scopes\": [\"project:read\"]}").get("token").asString();
        assertThat(send("GET", base + "/settings", reader, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/issues/" + issueId + "/events/latest", reader, null).statusCode()).isEqualTo(200);
        assertRefused(send("PUT", base + "/settings", reader, "{\"scrubData\": false, \"scrubIpAddresses\": false, \"retentionDays\": 1}"));
        assertRefused(send("POST", "/api/0/organizations/flytrap/releases/", reader,
                "{\"version\": \"3.0\", \"projects\": [\"" + projectId + "\"]}"));

        String writer = uploadToken("{\"name\": \"triage bot\", \"scopes\": [\"project:write\"]}").get("token").asString();
        assertThat(send("PATCH", "/api/v1/issues/" + issueId, writer, "{\"status\": \"resolved\"}").statusCode()).isEqualTo(200);
        assertRefused(send("POST", base + "/alert-channels", writer,
                "{\"kind\": \"webhook\", \"name\": \"exfil\", \"url\": \"https://93.184.215.14/hooks/flytrap\"}"));

        String administrator = uploadToken("{\"name\": \"terraform\", \"scopes\": [\"project:admin\"]}").get("token").asString();
        assertThat(send("PUT", base + "/settings", administrator,
                "{\"scrubData\": true, \"scrubIpAddresses\": true, \"retentionDays\": 30}").statusCode()).isEqualTo(200);

        JsonNode listed = json.readTree(send("GET", base + "/tokens", member, null).body());
        assertThat(listed.valueStream().filter(t -> t.get("name").asString().equals("dashboard export"))
                .map(t -> t.get("scopes").get(0).asString()).toList()).isEqualTo(List.of("project:read"));
    }

    @Test
    void shouldRefuseUnknownScopesAndIssueNothing() throws Exception {
        long before = jdbc.sql("select count(*) from api_tokens where project_id = ?").param(projectId).query(Long.class).single();

        for (String body : List.of("{\"name\": \"x\", \"scopes\": [\"project:everything\"]}",
                "{\"name\": \"x\", \"scopes\": []}", "{\"name\": \"x\", \"scopes\": \"project:admin\"}")) {
            HttpResponse<String> refused = send("POST", base + "/tokens", member, body);
            assertThat(refused.statusCode()).as(body + " -> " + refused.body()).isEqualTo(400);
            assertThat(json.readTree(refused.body()).has("error")).isTrue();
        }
        assertThat(jdbc.sql("select count(*) from api_tokens where project_id = ?").param(projectId).query(Long.class).single())
                .isEqualTo(before);
    }

    @Test
    void shouldNotLetAnUploadTokenManageTokens() throws Exception {
        String ci = uploadToken("{\"name\": \"CI\"}").get("token").asString();
        assertRefused(send("GET", base + "/tokens", ci, null));
        HttpResponse<String> mint = send("POST", base + "/tokens", ci, "{\"name\": \"more\", \"scopes\": [\"project:admin\"]}");
        assertThat(mint.statusCode()).as(mint.body()).isIn(400, 403);
        assertThat(send("GET", "/api/v1/tokens", ci, null).statusCode()).isEqualTo(403);
    }
}
