package io.flytrap.dashboard.api;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.testsupport.DatabaseOutage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No /api/ path redirects while the database is down, in the dashboard app, whose sign-in form is one redirect
 * away: Node's fetch follows a 302 to the sign-in page, sees 200 and counts the event as delivered. Ingest, the
 * bearer-token management API and the token sign-in all answer in JSON, 503 with Retry-After where the database
 * was needed, 401 where no credential was sent. The pool's connection timeout is shortened here so the
 * management API's requests, which wait for a connection, do not take Hikari's default 30 s each.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false", "spring.datasource.hikari.connection-timeout=1000"})
class DatabaseOutageApiTests {

    @RegisterExtension
    static final DatabaseOutage DATABASE = DatabaseOutage.relay();

    @DynamicPropertySource
    static void throughTheRelay(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    ProjectService projects;

    // A client that follows redirects, as Node's fetch does: a redirect would end on the sign-in page's 200
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    private HttpResponse<String> send(String method, String path, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8") // as a browser asks
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private static void assertJsonNotRedirected(HttpResponse<String> response, int status) {
        assertThat(response.uri().getPath()).as("not redirected anywhere (the sign-in page least of all)")
                .startsWith("/api/");
        assertThat(response.previousResponse()).as("no redirect was followed").isEmpty();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        assertThat(response.body()).as("JSON, not the dashboard's HTML").startsWith("{").doesNotContain("<html");
        if (status == 503) {
            assertThat(response.headers().firstValue("Retry-After")).as("clients are told when to retry").isPresent();
        }
    }

    @Test
    void shouldAnswerEveryApiPathInJsonWithoutARedirectWhileTheDatabaseIsDown() throws Exception {
        String email = "outage-" + UUID.randomUUID() + "@example.com";
        var owner = users.create(email, "a long test password", Role.MEMBER);
        String token = tokens.issue(owner.id(), "outage").token();
        CreatedProject project = projects.create(owner.asCaller(), "Outage " + UUID.randomUUID(), "node");
        DATABASE.cut();

        assertJsonNotRedirected(send("POST", "/api/errors", "application/json",
                "{\"data\":{\"error\":{\"name\":\"Error\",\"message\":\"db down\"},\"project_id\":\""
                        + project.project().id() + "\"}}", "x-api-key", project.key().publicKey()), 503);
        assertJsonNotRedirected(send("POST", "/api/" + project.project().id() + "/envelope/",
                "application/x-sentry-envelope", "{}\n{\"type\":\"event\"}\n{\"message\":\"db down\"}\n",
                "X-Sentry-Auth", "Sentry sentry_key=" + project.key().publicKey()), 503);
        assertJsonNotRedirected(send("GET", "/api/v1/projects", null, null, "Authorization", "Bearer " + token), 503);
        assertJsonNotRedirected(send("GET", "/api/0/projects/", null, null, "Authorization", "Bearer " + token), 503);
        assertJsonNotRedirected(send("POST", "/api/v1/tokens", "application/json",
                "{\"email\":\"" + email + "\",\"password\":\"a long test password\",\"name\":\"script\"}"), 503);
        assertJsonNotRedirected(send("GET", "/api/v1/projects", null, null), 401);
    }
}
