package io.flytrap.dashboard.projects;

import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.User;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.FlytrapApplication;
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
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET/PUT /api/v1/projects/{id}/tracker-template over HTTP, checked as the settings page checks it. What must not
 * happen: a template that is not http(s) or has a placeholder in its host stored, a refusal that is not a 400 with a
 * sentence for people, a member who is not an administrator changing it, someone outside the project reading it.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.enabled=false")
@UsesTestDatabase
class TrackerTemplateApiTests {

    static final String GITHUB = "https://github.com/acme/shop/issues/new?title={title}&body={url}";

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    final HttpClient http = HttpClient.newHttpClient();
    String admin;
    String member;
    String stranger;
    String path;

    @BeforeEach
    void projectOfAnAdministratorWithAMember() throws Exception {
        admin = tokenOf(users.create("tracker-admin-" + UUID.randomUUID() + "@example.com", "a long enough password", Role.ADMIN));
        User memberUser = users.create("tracker-member-" + UUID.randomUUID() + "@example.com", "a long enough password", Role.MEMBER);
        member = tokenOf(memberUser);
        stranger = tokenOf(users.create("tracker-stranger-" + UUID.randomUUID() + "@example.com", "a long enough password", Role.MEMBER));
        long projectId = json.readTree(send("POST", "/api/v1/projects", "{\"name\": \"Tracked\"}", admin).body()).get("id").longValue();
        jdbc.sql("insert into project_members (project_id, user_id) values (?, ?)").params(projectId, memberUser.id()).update();
        path = "/api/v1/projects/" + projectId + "/tracker-template";
    }

    private String tokenOf(User user) {
        return tokens.issue(user.id(), "test").token();
    }

    private HttpResponse<String> send(String method, String path, String body, String bearer) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
                        .header("content-type", "application/json").header("Authorization", "Bearer " + bearer).build(),
                BodyHandlers.ofString());
    }

    private JsonNode stored() throws Exception {
        var response = send("GET", path, null, admin);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).get("template");
    }

    private String put(String template, String bearer, int status) throws Exception {
        var response = send("PUT", path, json.writeValueAsString(java.util.Collections.singletonMap("template", template)), bearer);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body();
    }

    @Test
    void shouldSetReadAndClearTheTemplate() throws Exception {
        assertThat(stored().isNull()).as("none at first").isTrue();

        JsonNode set = json.readTree(put("  " + GITHUB + " ", admin, 200));
        assertThat(set.get("template").stringValue()).isEqualTo(GITHUB);
        assertThat(set.get("placeholders").toString()).isEqualTo("[\"title\",\"url\",\"culprit\",\"id\",\"project\"]");

        var asMember = send("GET", path, null, member);
        assertThat(asMember.statusCode()).isEqualTo(200);
        assertThat(json.readTree(asMember.body()).get("template").stringValue()).as("every member reads it").isEqualTo(GITHUB);

        put(null, admin, 200);
        assertThat(stored().isNull()).as("null clears it").isTrue();
        put(GITHUB, admin, 200);
        put("  ", admin, 200);
        assertThat(stored().isNull()).as("blank clears it").isTrue();
    }

    @Test
    void shouldRefuseBadTemplatesWithASentenceAndChangeNothing() throws Exception {
        put(GITHUB, admin, 200);

        assertThat(json.readTree(put("ftp://tracker.example/new?title={title}", admin, 400)).get("error").stringValue())
                .contains("http");
        assertThat(json.readTree(put("javascript:alert(1)//{title}", admin, 400)).get("error").stringValue()).endsWith(".");
        assertThat(json.readTree(put("https://{project}.tracker.example/new?title={title}", admin, 400)).get("error").stringValue())
                .isEqualTo("Placeholders belong in the path or the query of the tracker template, not in its host.");
        assertThat(json.readTree(put("https://tracker.example/new?title={name}", admin, 400)).get("error").stringValue())
                .startsWith("The tracker template has an unknown placeholder {name}");
        var notJson = send("PUT", path, "{\"template\": [1, 2]}", admin);
        assertThat(notJson.statusCode()).as(notJson.body()).isEqualTo(400);

        assertThat(stored().stringValue()).as("every refusal left the template as it was").isEqualTo(GITHUB);
    }

    @Test
    void shouldLetOnlyAdministratorsChangeItAndHideItFromStrangers() throws Exception {
        put(GITHUB, admin, 200);

        put("https://evil.example/new?title={title}", member, 403);
        assertThat(send("GET", path, null, stranger).statusCode()).isEqualTo(404);
        put("https://evil.example/new?title={title}", stranger, 404);

        assertThat(stored().stringValue()).isEqualTo(GITHUB);
    }
}
