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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing under /api/ answers with the dashboard's HTML: a path no endpoint serves is a JSON 404 for every
 * method, signed in or not, while the endpoints that exist (ingest included) keep answering as before.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.enabled=false")
@UsesTestDatabase
class UnknownApiPathsTests {

    static final List<String> UNKNOWN_PATHS = List.of("/api", "/api/", "/api/0/", "/api/0/organizations/flytrap/",
            "/api/0/organizations/flytrap/members/", "/api/0/organizations/flytrap/releases/1.0/files/",
            "/api/0/projects/flytrap/shop/events/", "/api/v1/nothing-here", "/api/v2/projects", "/api/index.html",
            "/api/12/unknown/", "/api/12/envelope/extra/");
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    ProjectService projects;

    final HttpClient http = HttpClient.newHttpClient();
    String token;
    CreatedProject project;

    @BeforeEach
    void account() {
        var owner = users.create("api-" + UUID.randomUUID() + "@example.com", "a long test password", Role.MEMBER);
        token = tokens.issue(owner.id(), "api paths").token();
        project = projects.create(owner.asCaller(), "Paths " + UUID.randomUUID().toString().substring(0, 6), "java");
    }

    private HttpResponse<String> send(String method, String path, String bearer, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                // as a browser asks: the answer must still not be HTML
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    @Test
    void shouldAnswerEveryUnknownPathAndMethodWithAJsonNotFoundNeverHtml() throws Exception {
        for (String path : UNKNOWN_PATHS) {
            for (String method : METHODS) {
                HttpResponse<String> response = send(method, path, token, method.equals("POST") ? "{}" : null);
                String what = method + " " + path + " answered " + response.statusCode() + " " + response.body();
                assertThat(response.statusCode()).as(what).isEqualTo(404);
                assertThat(response.headers().firstValue("Content-Type")).as(what)
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
                assertThat(response.body()).as(what).doesNotContainIgnoringCase("<html").doesNotContainIgnoringCase("<!doctype");
                if (!method.equals("HEAD")) {
                    assertThat(response.body()).as(what).contains("\"detail\"");
                }
            }
        }
    }

    @Test
    void shouldAnswerAKnownPathWithTheWrongMethodInJsonNotWithARedirectToTheSignInPage() throws Exception {
        for (String[] wrong : new String[][]{{"GET", "/api/errors"}, {"DELETE", "/api/0/organizations/flytrap/chunk-upload/"},
                {"PATCH", "/api/v1/projects"}, {"GET", "/api/1/envelope/"}, {"DELETE", "/api/0/organizations/flytrap/releases/1.0/"}}) {
            HttpResponse<String> response = send(wrong[0], wrong[1], token, null);
            String what = wrong[0] + " " + wrong[1] + " answered " + response.statusCode() + " " + response.headers().map();
            assertThat(response.statusCode()).as(what).isEqualTo(405);
            assertThat(response.headers().firstValue("Location")).as(what).isEmpty();
            assertThat(response.headers().firstValue("Allow")).as(what).isPresent();
            assertThat(response.headers().firstValue("Content-Type")).as(what)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(response.body()).as(what).contains("\"detail\"");
        }
        HttpResponse<String> wrongType = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/projects"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("name")).build(), BodyHandlers.ofString());
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(wrongType.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        // OPTIONS on a real endpoint still says what it takes
        HttpResponse<String> options = send("OPTIONS", "/api/v1/projects", token, null);
        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(options.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
    }

    @Test
    void shouldAnswerUnknownPathsWithoutATokenInJsonToo() throws Exception {
        for (String path : UNKNOWN_PATHS) {
            for (String method : List.of("GET", "POST", "DELETE")) {
                HttpResponse<String> response = send(method, path, null, null);
                String what = method + " " + path + " answered " + response.statusCode() + " " + response.body();
                assertThat(response.statusCode()).as(what).isIn(401, 404);
                assertThat(response.headers().firstValue("Content-Type")).as(what)
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
                assertThat(response.body()).as(what).doesNotContainIgnoringCase("<html");
            }
        }
    }

    @Test
    void shouldKeepTheEndpointsThatExistWorking() throws Exception {
        long projectId = project.project().id();
        String key = project.key().publicKey();
        HttpResponse<String> envelope = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/" + projectId + "/envelope/"))
                .header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + key)
                .POST(BodyPublishers.ofString("{}\n{\"type\":\"event\"}\n{\"message\":\"hello\"}\n")).build(), BodyHandlers.ofString());
        assertThat(envelope.statusCode()).as(envelope.body()).isEqualTo(200);
        assertThat(envelope.body()).matches("\\{\"id\":\"[0-9a-f]{32}\"}");

        HttpResponse<String> nativeError = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/errors"))
                .header("x-api-key", key).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"data\": {\"error\": {\"name\": \"Error\", \"message\": \"hi\", \"stack\": \"\"}, \"project_id\": " + projectId + "}}"))
                .build(), BodyHandlers.ofString());
        assertThat(nativeError.statusCode()).as(nativeError.body()).isEqualTo(200);

        // a browser SDK's CORS preflight is still the real endpoint's business, not a 404
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/" + projectId + "/envelope/"))
                .header("Origin", "https://shop.example").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", BodyPublishers.noBody()).build(), BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
        // the endpoint's own policy: any origin, never credentials (a catch-all once turned it into allow-all with them)
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

        assertThat(send("GET", "/api/v1/projects", token, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/openapi.json", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/0/organizations/flytrap/chunk-upload/", token, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/0/organizations/flytrap/releases/", token, null).body()).startsWith("[");
    }
}
