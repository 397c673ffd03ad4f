package io.flytrap.dashboard;

import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/** Kubernetes, the ALB and compose send traffic on the readiness group: it must include the database. */
// the same context as LiveUpdatesTests, so the suite starts no extra application for this
@SpringBootTest(classes = FlytrapApplication.class, properties = "flytrap.live.poll-interval=300ms")
@UsesTestDatabase
class ReadinessTests {

    @Autowired
    HealthEndpoint health;

    @Test
    void shouldBeReadyOnlyWithTheDatabaseAndLiveWithoutIt() {
        assertThat(health.healthForPath("readiness")).isInstanceOfSatisfying(CompositeHealthDescriptor.class,
                readiness -> assertThat(readiness.getComponents()).containsKeys("readinessState", "database", "queue"));
        assertThat(health.healthForPath("liveness")).as("a database outage must not restart the pods")
                .isInstanceOfSatisfying(CompositeHealthDescriptor.class,
                        liveness -> assertThat(liveness.getComponents()).doesNotContainKey("database"));
    }
}
