package io.flytrap.dashboard.api;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL refuses U+0000 in text. A management field carrying it reached the database, whose PSQLException
 * nothing handled, and the client got 200 with the dashboard's HTML. Such text is now refused at the boundary:
 * a JSON 400 that names the problem, and nothing changed.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.enabled=false")
@UsesTestDatabase
class NulCharacterApiTests {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    ProjectService projects;
    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newHttpClient();
    String token;
    CreatedProject project;

    @BeforeEach
    void account() {
        var owner = users.create("nul-" + UUID.randomUUID() + "@example.com", "a long test password", Role.ADMIN);
        token = tokens.issue(owner.id(), "nul").token();
        project = projects.create(owner.asCaller(), "Nul " + UUID.randomUUID().toString().substring(0, 6), "java");
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                // as a browser asks: the answer must still not be HTML
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, json == null ? BodyPublishers.noBody() : BodyPublishers.ofString(json)).build(),
                BodyHandlers.ofString());
    }

    private static void assertRefusedInJson(HttpResponse<String> response, String field) {
        String what = response.request().method() + " " + response.request().uri() + " answered "
                + response.statusCode() + " " + response.body();
        assertThat(response.statusCode()).as(what).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).as(what)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).as(what).contains(field).contains("U+0000").doesNotContainIgnoringCase("<html");
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    @Test
    void shouldRefuseNulInJsonFieldsWithAJson400AndChangeNothing() throws Exception {
        long projectsBefore = count("projects");
        long keysBefore = count("project_keys");
        long projectId = project.project().id();
        long keyId = project.key().id();

        assertRefusedInJson(send("POST", "/api/v1/projects", "{\"name\":\"Shop\\u0000\",\"platform\":\"java\"}"), "name");
        assertRefusedInJson(send("POST", "/api/v1/projects/" + projectId + "/keys", "{\"label\":\"ci\\u0000\"}"), "label");
        assertRefusedInJson(send("PATCH", "/api/v1/projects/" + projectId + "/keys/" + keyId, "{\"label\":\"\\u0000\"}"), "label");
        assertRefusedInJson(send("POST", "/api/v1/users", "{\"email\":\"x\\u0000@example.com\",\"password\":\"a long password\",\"role\":\"MEMBER\"}"), "email");
        assertRefusedInJson(send("PUT", "/api/v1/projects/" + projectId + "/in-app-rules", "{\"include\":[\"com.shop\\u0000\"],\"exclude\":[]}"), "include");

        assertThat(count("projects")).isEqualTo(projectsBefore);
        assertThat(count("project_keys")).isEqualTo(keysBefore);
        assertThat(jdbc.sql("select label from project_keys where id = ?").param(keyId).query(String.class).single())
                .doesNotContain("\u0000");
    }

    @Test
    void shouldRefuseNulInSentryCompatibleBodiesInSentrysShape() throws Exception {
        HttpResponse<String> release = send("POST", "/api/0/organizations/flytrap/releases/",
                "{\"version\":\"1.0\\u0000\",\"projects\":[\"" + project.project().name() + "\"]}");

        assertRefusedInJson(release, "version");
        assertThat(release.body()).contains("\"detail\"");
        assertThat(count("releases where version like '1.0%' and project_id = " + project.project().id())).isZero();
    }

    @Test
    void shouldRefuseNulInQueryParametersWithAJson400() throws Exception {
        long projectId = project.project().id();

        assertRefusedInJson(send("GET", "/api/v1/projects/" + projectId + "/issues?query=a%00b", null), "query");
        assertRefusedInJson(send("GET", "/api/v1/projects/" + projectId + "/issues?environment=%00", null), "environment");
    }

    @Test
    void shouldRefuseNulInTheSignInExchangeWithoutAServerError() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tokens"))
                .header("Content-Type", "application/json").header("Accept", "text/html")
                .POST(BodyPublishers.ofString("{\"email\":\"a\\u0000@example.com\",\"password\":\"x\",\"name\":\"t\"}")).build(),
                BodyHandlers.ofString());

        assertRefusedInJson(response, "email");
    }
}
