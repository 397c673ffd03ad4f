package io.flytrap.functions;

import io.flytrap.testsupport.DatabaseOutage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue #20: health must answer DOWN within a probe's timeout (Kubernetes' default is 1 s) while the database is
 * unavailable. Spring Boot's own database check asks the connection {@code isValid(0)}, which has no timeout: with a
 * database that hangs (SIGSTOP, a dead network path) readiness did not answer at all, so probes saw timeouts rather
 * than DOWN, and each probe left one more request thread waiting. Liveness must stay UP throughout: a database outage
 * must not get the pods restarted.
 */
@SpringBootTest(classes = FunctionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false", "spring.flyway.enabled=true",
                // about the database alone: events other tests left queued are no backlog to judge here
                "flytrap.health.max-queue-age=1d"})
class ReadinessDuringDatabaseOutageTests {

    /**
     * Kubernetes' default probe timeout is 1 s and the check gives up after 0.7 s; half a second more is room for
     * a CI machine whose two cores are busy, and still far below what failed here: no answer at all while the
     * database hung, and 3 s (the pool's timeout) while it refused connections.
     */
    static final Duration PROBE_TIMEOUT = Duration.ofMillis(1_500);
    @RegisterExtension
    static final DatabaseOutage DATABASE = DatabaseOutage.relay();

    @DynamicPropertySource
    static void throughTheRelay(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
    }

    @LocalServerPort
    int port;
    final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> probe(String group) throws Exception {
        return probe(group, PROBE_TIMEOUT);
    }

    private HttpResponse<String> probe(String group, Duration timeout) throws Exception {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/" + group))
                    .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return fail("/actuator/health/" + group + " gave no answer within " + timeout);
        }
    }

    /** The first answers of a fresh context (class loading, the first connection) are not what a probe measures. */
    private void warmUp() throws Exception {
        assertThat(probe("readiness", Duration.ofSeconds(20)).statusCode()).as("ready before the outage").isEqualTo(200);
        assertThat(probe("liveness", Duration.ofSeconds(20)).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswerDownWithinAProbesTimeoutWhileTheDatabaseHangsAndUpWhenItIsBack() throws Exception {
        warmUp();

        DATABASE.freeze();
        for (int i = 0; i < 3; i++) { // again and again, as a probe asks: no check may pile up behind the first
            HttpResponse<String> readiness = probe("readiness");
            assertThat(readiness.statusCode()).as("not ready while the database hangs").isEqualTo(503);
            assertThat(readiness.body()).contains("\"DOWN\"");
            assertThat(probe("liveness").statusCode()).as("alive: an outage must not restart the process").isEqualTo(200);
        }

        DATABASE.restore();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(probe("readiness").statusCode()).as("ready again once the database answers, without a restart")
                        .isEqualTo(200));
    }

    @Test
    void shouldAnswerDownWithinAProbesTimeoutWhenTheDatabaseRefusesConnections() throws Exception {
        warmUp();

        DATABASE.cut();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> readiness = probe("readiness");
            assertThat(readiness.statusCode()).as("not ready while the database is gone").isEqualTo(503);
            assertThat(probe("liveness").statusCode()).isEqualTo(200);
        }
    }
}
