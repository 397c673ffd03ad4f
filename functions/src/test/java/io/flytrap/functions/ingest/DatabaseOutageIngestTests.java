package io.flytrap.functions.ingest;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.FunctionsApplication;
import io.flytrap.functions.original.CapturedPost;
import io.flytrap.testsupport.DatabaseOutage;
import io.flytrap.testsupport.TestAccounts;
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
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ingest while the database is gone. It used to hang: every request for a key not yet cached waited behind one
 * blocked lookup (Hikari's 30 s connection timeout, failures not cached, so the waiters queued one after another).
 * Now the lookup is bounded and shared, and the answer is a JSON 503 with Retry-After that SDKs retry: never a
 * success for an event nobody stored, never a redirect, never HTML. When the database is back, ingest works again
 * without a restart. Hikari keeps its default 30 s connection timeout here: ingest must not depend on it.
 */
@SpringBootTest(classes = FunctionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false", "spring.flyway.enabled=true",
                "spring.datasource.hikari.connection-timeout=30000"}) // Hikari's own default, not Flytrap's 3 s
class DatabaseOutageIngestTests {

    /** "About 2 s" from the issue: the lookup deadline plus room for a loaded two-core machine. */
    static final Duration BOUND = Duration.ofMillis(3_000);
    @RegisterExtension
    static final DatabaseOutage DATABASE = DatabaseOutage.relay();

    @DynamicPropertySource
    static void throughTheRelay(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;

    final HttpClient http = HttpClient.newHttpClient();

    private CreatedProject project() {
        return projects.create(TestAccounts.member(users, "outage"), "Outage " + UUID.randomUUID(), "node");
    }

    private HttpRequest nativeError(CreatedProject project) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/errors"))
                // well past the bound, so a hanging request fails the test instead of hanging it
                .timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json").header("x-api-key", project.key().publicKey())
                .POST(HttpRequest.BodyPublishers.ofString(CapturedPost.named("05-flytrap_javascript.json")
                        .bodyFor(project.project().id()))).build();
    }

    private HttpRequest sentryEnvelope(CreatedProject project) {
        String envelope = "{}\n{\"type\":\"event\"}\n{\"event_id\":\"" + UUID.randomUUID().toString().replace("-", "")
                + "\",\"platform\":\"node\",\"message\":\"db down\"}\n";
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/" + project.project().id() + "/envelope/"))
                .timeout(Duration.ofSeconds(10))
                .header("content-type", "application/x-sentry-envelope")
                .header("X-Sentry-Auth", "Sentry sentry_key=" + project.key().publicKey())
                .POST(HttpRequest.BodyPublishers.ofString(envelope)).build();
    }

    record Timed(HttpResponse<String> response, Duration took) {
    }

    private CompletableFuture<Timed> sendTimed(HttpRequest request) {
        long start = System.nanoTime();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Timed(response, Duration.ofNanos(System.nanoTime() - start)));
    }

    /** Requests for one key and for several others, all at once, both protocols. */
    private List<CompletableFuture<Timed>> burst() {
        // Keys this server has not looked up yet: the lookup itself must meet the outage
        CreatedProject shared = projectWhileUp();
        List<CreatedProject> others = List.of(projectWhileUp(), projectWhileUp());
        List<CompletableFuture<Timed>> sent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // one key, many requests: they share one lookup instead of queueing behind each other's
            sent.add(sendTimed(i % 2 == 0 ? nativeError(shared) : sentryEnvelope(shared)));
        }
        for (CreatedProject other : others) {
            sent.add(sendTimed(nativeError(other)));
            sent.add(sendTimed(sentryEnvelope(other)));
        }
        return sent;
    }

    private final List<CreatedProject> prepared = new ArrayList<>();

    /** Projects are made before the outage starts (making one needs the database). */
    private CreatedProject projectWhileUp() {
        return prepared.removeFirst();
    }

    private void prepareProjects(int count) {
        for (int i = 0; i < count; i++) {
            prepared.add(project());
        }
    }

    private static void assertRetryLaterQuickly(List<CompletableFuture<Timed>> sent) {
        for (CompletableFuture<Timed> future : sent) {
            Timed timed = future.join();
            HttpResponse<String> response = timed.response();
            assertThat(response.statusCode()).as("not 200 (nothing was stored), not 302 (SDKs follow it to a 200), "
                    + "not 500 (SDKs drop those): %s", response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).as("SDKs retry when told when").isPresent();
            assertThat(response.headers().firstValue("Location")).as("no redirect").isEmpty();
            assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/json"));
            assertThat(response.body()).as("JSON, not a page").startsWith("{").contains("\"error\"");
            assertThat(timed.took()).as("bounded, not Hikari's 30 s connection timeout").isLessThan(BOUND);
        }
    }

    @Test
    void shouldAnswerEveryConcurrentRequestWith503AndRetryAfterQuicklyWhenTheDatabaseDies() {
        prepareProjects(6);
        DATABASE.cut();

        // The first burst meets the pool's dead connections; the second meets a pool that can open none
        assertRetryLaterQuickly(burst());
        assertRetryLaterQuickly(burst());
    }

    @Test
    void shouldAnswerEveryConcurrentRequestWith503AndRetryAfterQuicklyWhenTheDatabaseHangs() {
        prepareProjects(6);
        DATABASE.freeze(); // as SIGSTOP: a query sent is never answered, and nothing times it out

        assertRetryLaterQuickly(burst());
        assertRetryLaterQuickly(burst());
    }

    @Test
    void shouldAcceptEventsAgainOnceADeadDatabaseIsBackWithoutARestart() throws Exception {
        CreatedProject project = project();
        DATABASE.cut();
        assertThat(sendTimed(nativeError(project)).join().response().statusCode()).isEqualTo(503);

        DATABASE.restore();

        assertAcceptedAgain(project);
    }

    @Test
    void shouldAcceptEventsAgainOnceAHungDatabaseAnswersAgain() throws Exception {
        CreatedProject project = project();
        DATABASE.freeze();
        assertThat(sendTimed(nativeError(project)).join().response().statusCode()).isEqualTo(503);

        DATABASE.restore();

        assertAcceptedAgain(project);
    }

    private void assertAcceptedAgain(CreatedProject project) {
        // polled every 200 ms: Retry-After tells clients to wait too; nothing here is measured
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(sendTimed(nativeError(project)).join().response().statusCode())
                        .as("ingest recovers by itself once the database answers again").isEqualTo(200));
        assertThat(sendTimed(sentryEnvelope(project)).join().response().statusCode()).isEqualTo(200);
    }
}
