package io.flytrap.functions.ingest;

import io.flytrap.core.ingest.IngestResult;
import io.flytrap.core.ingest.IngestService;
import io.flytrap.core.ingest.SentryIngestRequest;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.queue.QueuedEvent;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.FunctionsApplication;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.MutableClockConfiguration;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refused requests (invalid, too large, unknown or wrong key) count against a budget per client address and per
 * project key. Once one is spent, requests are answered 429 before their body is read: refusing costs reading and
 * inflating up to the refusal, and nothing used to limit how often a client could make ingest pay that
 * (issue #19, item 2). Accepted requests cost nothing; the budget refills over a minute.
 */
@SpringBootTest(classes = FunctionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false", "spring.flyway.enabled=true",
                "flytrap.ingest.failure-budget.per-address-per-minute=3", "flytrap.ingest.failure-budget.per-key-per-minute=5"})
@Import(MutableClockConfiguration.class)
@UsesTestDatabase
class FailureBudgetTests {

    static final String VALID = "{}\n{\"type\":\"event\"}\n{\"message\":\"fine\"}\n";
    static final String INVALID = "{}\n{\"type\":\"event\"}\nnot json\n";

    /** A body that fails the test if anything reads it. */
    static final InputStream TRIPWIRE = new InputStream() {
        @Override
        public int read() {
            throw new AssertionError("the body of a request over its budget was read");
        }
    };

    @LocalServerPort
    int port;
    @Autowired
    IngestService ingest;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    final HttpClient http = HttpClient.newHttpClient();
    CreatedProject project;
    CreatedProject other;

    @BeforeEach
    void projects() {
        var owner = TestAccounts.member(users, "budget");
        project = projects.create(owner, "Budget", "node");
        other = projects.create(owner, "Budget other", "node");
    }

    /** A client address no other request used, so each test starts with a full budget. */
    private static String address() {
        return "2001:db8::" + UUID.randomUUID().toString().substring(0, 4) + ":" + UUID.randomUUID().toString().substring(0, 4);
    }

    private IngestResult send(CreatedProject to, String key, String address, String envelope) {
        return send(to, key, address, new ByteArrayInputStream(envelope.getBytes(StandardCharsets.UTF_8)));
    }

    private IngestResult send(CreatedProject to, String key, String address, InputStream body) {
        return ingest.ingestSentry(new SentryIngestRequest(to.project().id(), key, SentryIngestRequest.Endpoint.ENVELOPE,
                null, null, body, Map.of(QueuedEvent.CLIENT_IP, address)));
    }

    private long queued(CreatedProject of) {
        return jdbc.sql("select count(*) from queued_events where project_id = ?").param(of.project().id()).query(Long.class).single();
    }

    @Test
    void shouldAnswer429InJsonWithRetryAfterOnceTheAddressSpentItsBudget() throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/" + project.project().id() + "/envelope/"))
                .header("X-Sentry-Auth", "Sentry sentry_key=" + project.key().publicKey());
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> refused = http.send(request.POST(HttpRequest.BodyPublishers.ofString(INVALID)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(400);
        }

        HttpResponse<String> valid = http.send(request.POST(HttpRequest.BodyPublishers.ofString(VALID)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(valid.statusCode()).as(valid.body()).isEqualTo(429);
        assertThat(valid.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        assertThat(valid.headers().firstValue("X-Sentry-Rate-Limits")).hasValueSatisfying(limits -> assertThat(limits).endsWith("::address"));
        assertThat(valid.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(valid.body()).contains("too many refused requests from this address");
        assertThat(queued(project)).as("not even the valid event").isZero();
    }

    @Test
    void shouldRefuseUnreadOnceSpentAndNotCountAcceptedRequests() {
        String address = address();
        for (int i = 0; i < 10; i++) {
            assertThat(send(project, project.key().publicKey(), address, VALID)).isInstanceOf(IngestResult.Accepted.class);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(send(project, project.key().publicKey(), address, INVALID)).isInstanceOf(IngestResult.Rejected.class);
        }

        IngestResult spent = send(project, project.key().publicKey(), address, TRIPWIRE);

        assertThat(spent).isInstanceOf(IngestResult.FailureBudgetSpent.class);
        assertThat(((IngestResult.FailureBudgetSpent) spent).scope()).isEqualTo("address");
        assertThat(send(project, project.key().publicKey(), address(), VALID)).as("another address is not affected")
                .isInstanceOf(IngestResult.Accepted.class);
    }

    @Test
    void shouldCountUnknownKeysAgainstTheAddress() {
        String address = address();
        for (int i = 0; i < 3; i++) {
            assertThat(send(project, "0".repeat(32), address, VALID)).isEqualTo(
                    new IngestResult.Rejected(IngestResult.Reason.UNAUTHORIZED, "missing, unknown or revoked key"));
        }

        assertThat(send(project, project.key().publicKey(), address, TRIPWIRE)).isInstanceOf(IngestResult.FailureBudgetSpent.class);
    }

    @Test
    void shouldCountRefusalsPerKeyFromEveryAddress() {
        for (int i = 0; i < 5; i++) {
            assertThat(send(project, project.key().publicKey(), address(), INVALID)).isInstanceOf(IngestResult.Rejected.class);
        }

        IngestResult spent = send(project, project.key().publicKey(), address(), TRIPWIRE);

        assertThat(spent).isInstanceOf(IngestResult.FailureBudgetSpent.class);
        assertThat(((IngestResult.FailureBudgetSpent) spent).scope()).isEqualTo("key");
        assertThat(send(other, other.key().publicKey(), address(), VALID)).as("another key is not affected")
                .isInstanceOf(IngestResult.Accepted.class);
    }

    @Test
    void shouldRefillTheBudgetOverAMinute() {
        String address = address();
        for (int i = 0; i < 3; i++) {
            send(project, project.key().publicKey(), address, INVALID);
        }
        assertThat(send(project, project.key().publicKey(), address, TRIPWIRE)).isInstanceOf(IngestResult.FailureBudgetSpent.class);

        clock.advance(Duration.ofSeconds(21)); // a third of a minute: one of three tokens back

        assertThat(send(project, project.key().publicKey(), address, VALID)).isInstanceOf(IngestResult.Accepted.class);
        assertThat(send(project, project.key().publicKey(), address, INVALID)).isInstanceOf(IngestResult.Rejected.class);
        assertThat(send(project, project.key().publicKey(), address, TRIPWIRE)).isInstanceOf(IngestResult.FailureBudgetSpent.class);
    }
}
