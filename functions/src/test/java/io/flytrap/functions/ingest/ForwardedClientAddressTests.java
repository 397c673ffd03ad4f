package io.flytrap.functions.ingest;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.FunctionsApplication;
import io.flytrap.functions.original.CapturedPost;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client address kept with an ingested event (and counted by per-address limits) comes from X-Forwarded-For
 * only when the connection comes from a proxy listed in flytrap.trusted-proxies (FLYTRAP_TRUSTED_PROXIES). Anyone
 * else can write that header, so by default it is ignored. These tests connect from loopback over real HTTP.
 */
@SpringBootTest(classes = FunctionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false", "spring.flyway.enabled=true"})
@UsesTestDatabase
class ForwardedClientAddressTests {

    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;

    CreatedProject project;

    @BeforeEach
    void createProject() {
        project = projects.create(TestAccounts.member(users, "forwarded"), "Web", "javascript");
    }

    /** Posts an event through the given headers and answers the client address queued with it. */
    String queuedClientAddress(int port, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/errors"))
                .header("content-type", "application/json").header("x-api-key", project.key().publicKey())
                .POST(HttpRequest.BodyPublishers.ofString(
                        CapturedPost.named("05-flytrap_javascript.json").bodyFor(project.project().id())));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        String eventId = response.body().substring(7, 43);
        return jdbc.sql("select meta ->> 'client_ip' from queued_events where event_id = ?::uuid").param(eventId)
                .query(String.class).single();
    }

    @Nested
    @TestPropertySource(properties = "flytrap.trusted-proxies=")
    class ByDefault {

        @LocalServerPort
        int port;

        @Test
        void shouldIgnoreForwardedForFromAPeerThatIsNoTrustedProxy() throws Exception {
            assertThat(queuedClientAddress(port, "X-Forwarded-For", "203.0.113.9"))
                    .as("loopback is a private address, yet not a trusted proxy unless configured")
                    .isEqualTo("127.0.0.1");
        }
    }

    @Nested
    @TestPropertySource(properties = "flytrap.trusted-proxies=127.0.0.0/8, ::1/128")
    class BehindATrustedProxy {

        @LocalServerPort
        int port;

        @Test
        void shouldTakeTheAddressTheTrustedProxySaw() throws Exception {
            assertThat(queuedClientAddress(port, "X-Forwarded-For", "203.0.113.9")).isEqualTo("203.0.113.9");
        }

        @Test
        void shouldIgnoreAddressesTheClientWroteBeforeTheOneTheProxyAppended() throws Exception {
            // a proxy appends the peer it saw; whatever the client sent itself stands to the left of it
            assertThat(queuedClientAddress(port, "X-Forwarded-For", "198.51.100.66, 203.0.113.9")).isEqualTo("203.0.113.9");
        }

        @Test
        void shouldStillUseThePeerWhenNoHeaderIsSent() throws Exception {
            assertThat(queuedClientAddress(port)).isEqualTo("127.0.0.1");
        }
    }
}
