package io.flytrap.functions.ingest;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.FunctionsApplication;
import io.flytrap.testsupport.TestAccounts;
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
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = FunctionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false", "spring.flyway.enabled=true",
                "flytrap.ingest.rate-limit.project-per-minute=5"})
@UsesTestDatabase
class RateLimitHttpTests {

    @LocalServerPort
    int port;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newHttpClient();
    CreatedProject noisy;
    CreatedProject quiet;

    @BeforeEach
    void projects() {
        var owner = TestAccounts.member(users, "quota");
        noisy = projects.create(owner, "Noisy", null);
        quiet = projects.create(owner, "Quiet", null);
    }

    private HttpResponse<String> sendNative(CreatedProject project) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/errors"))
                .header("x-api-key", project.key().publicKey())
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\": {\"error\": {\"name\": \"Error\"}, \"project_id\": "
                        + project.project().id() + "}}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> sendEnvelope(CreatedProject project) throws Exception {
        String envelope = "{}\n{\"type\":\"event\"}\n{\"message\":\"hello\"}\n";
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/" + project.project().id() + "/envelope/"))
                .header("X-Sentry-Auth", "Sentry sentry_key=" + project.key().publicKey())
                .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long queued(CreatedProject project) {
        return jdbc.sql("select count(*) from queued_events where project_id = ?").param(project.project().id())
                .query(Long.class).single();
    }

    @Test
    void shouldAnswer429WithRetryHeadersOverTheQuotaWithoutStarvingAnotherProject() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(sendNative(noisy).statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(sendEnvelope(noisy).statusCode()).isEqualTo(200);
        }

        HttpResponse<String> nativeOver = sendNative(noisy);
        HttpResponse<String> sentryOver = sendEnvelope(noisy);

        assertThat(nativeOver.statusCode()).isEqualTo(429);
        assertThat(nativeOver.headers().firstValue("Retry-After")).get().satisfies(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        assertThat(sentryOver.statusCode()).isEqualTo(429);
        assertThat(sentryOver.headers().firstValue("X-Sentry-Rate-Limits")).get().asString().matches("\\d+::project");
        assertThat(sentryOver.body()).contains("rate limit exceeded");
        assertThat(queued(noisy)).as("nothing over the quota was queued").isEqualTo(5);

        assertThat(sendNative(quiet).statusCode()).as("another project keeps its own quota").isEqualTo(200);
        assertThat(queued(quiet)).isEqualTo(1);
    }

    @Test
    void shouldCountEventsNotEnvelopesWithoutEvents() throws Exception {
        String sessions = "{}\n{\"type\":\"session\"}\n{\"status\":\"ok\"}\n";
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/" + quiet.project().id() + "/envelope/"))
                    .header("X-Sentry-Auth", "Sentry sentry_key=" + quiet.key().publicKey())
                    .POST(HttpRequest.BodyPublishers.ofString(sessions)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }

        assertThat(sendNative(quiet).statusCode()).as("sessions cost no event quota").isEqualTo(200);
    }

    @Test
    void shouldHonourAKeysOwnLimit() throws Exception {
        jdbc.sql("update project_keys set rate_limit_per_minute = 8 where id = ?").param(noisy.key().id()).update();

        for (int i = 0; i < 8; i++) {
            assertThat(sendNative(noisy).statusCode()).as("event %d", i + 1).isEqualTo(200);
        }
        assertThat(sendNative(noisy).statusCode()).isEqualTo(429);
    }
}
