package io.flytrap.functions.ingest;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.FunctionsApplication;
import io.flytrap.functions.process.QueueWorker;
import io.flytrap.testsupport.DatabaseOutage;
import io.flytrap.testsupport.TestAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ingest while PostgreSQL is stalled, as with every postgres process stopped by SIGSTOP (#20 item 4): the
 * application reaches the database through a relay that is frozen mid-test, so connections stay open and nothing
 * is answered. A request must then get 503 + Retry-After within the enqueue deadline, never 200, and every event
 * answered 200, before the stall or on a retry after it, must be stored once.
 */
@SpringBootTest(classes = FunctionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false", "spring.flyway.enabled=true"})
class IngestDuringDatabaseStallTests {

    @RegisterExtension
    static final DatabaseOutage database = DatabaseOutage.relay();

    static final String EVENT = """
            {"event_id":"%s","platform":"node","level":"error",
             "exception":{"values":[{"type":"TypeError","value":"x is not a function %s"}]}}""";

    @DynamicPropertySource
    static void throughTheRelay(DynamicPropertyRegistry registry) {
        database.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    QueueWorker worker;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> store(CreatedProject project, UUID eventId) throws Exception {
        String hex = eventId.toString().replace("-", "");
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/" + project.project().id() + "/store/"))
                .header("content-type", "application/json")
                .header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + project.key().publicKey())
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(EVENT.formatted(hex, hex))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long stored(CreatedProject project, UUID eventId) {
        return jdbc.sql("select count(*) from events where project_id = ? and event_id = ?")
                .params(project.project().id(), eventId).query(Long.class).single();
    }

    @Test
    void shouldAnswer503WithinSecondsWhileTheDatabaseStallsAndLoseNothingAnswered200() throws Exception {
        CreatedProject project = projects.create(TestAccounts.member(users, "stall"), "Stalled", "node");
        List<UUID> acceptedBefore = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UUID id = UUID.randomUUID();
            assertThat(store(project, id).statusCode()).as("before the stall").isEqualTo(200);
            acceptedBefore.add(id);
        }

        database.freeze();
        List<UUID> duringStall = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        long stalledAt = System.nanoTime();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (UUID id : duringStall) {
                answers.add(clients.submit(() -> store(project, id)));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).as("refused, never reported as accepted").isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).as("tells the SDK when to retry").isPresent();
            }
        }
        Duration slowest = Duration.ofNanos(System.nanoTime() - stalledAt);
        assertThat(slowest).as("answered within the enqueue deadline, not after a 30 s hang").isLessThan(Duration.ofMillis(3_500));

        database.restore();
        // The SDK retries what was refused, with the same event ids
        for (UUID id : duringStall) {
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(store(project, id).statusCode())
                            .as("accepted again once the database answers").isEqualTo(200));
        }
        while (worker.drainOnce() > 0) {
            // process everything, including copies a writer committed after their caller was answered 503
        }

        for (UUID id : acceptedBefore) {
            assertThat(stored(project, id)).as("answered 200 before the stall: stored once, %s", id).isEqualTo(1);
        }
        for (UUID id : duringStall) {
            assertThat(stored(project, id)).as("refused, then retried with the same id: stored once, not twice, %s", id)
                    .isEqualTo(1);
        }
        assertThat(jdbc.sql("select sum(event_count) from issues where project_id = ?").param(project.project().id())
                .query(Long.class).single()).as("counted once each").isEqualTo(acceptedBefore.size() + duringStall.size());
    }
}
