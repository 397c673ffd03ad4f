package io.flytrap.functions;

import io.flytrap.testsupport.QueuedEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Kubernetes, the ALB and compose send traffic on the readiness group: it must include the database and the queue's age. */
class ReadinessTests extends RunningFlytrap {

    @Autowired
    HealthEndpoint health;

    /** Events other tests of this context left waiting would, after five minutes, make it unready (QueueReadinessTests). */
    @BeforeEach
    void noBacklog() {
        QueuedEvents.deletePending(jdbc);
    }

    @Test
    void shouldBeReadyOnlyWithTheDatabaseAndLiveWithoutIt() throws Exception {
        assertThat(health.healthForPath("readiness")).isInstanceOfSatisfying(CompositeHealthDescriptor.class,
                readiness -> assertThat(readiness.getComponents()).containsKeys("readinessState", "database", "queue"));
        assertThat(health.healthForPath("liveness")).as("a database outage must not restart the pods")
                .isInstanceOfSatisfying(CompositeHealthDescriptor.class,
                        liveness -> assertThat(liveness.getComponents()).doesNotContainKey("database"));

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"UP\"");
    }
}
