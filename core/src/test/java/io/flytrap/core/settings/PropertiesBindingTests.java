package io.flytrap.core.settings;

import io.flytrap.core.alerts.AlertsProperties;
import io.flytrap.core.ingest.IngestProperties;
import io.flytrap.core.sourcemaps.ArtifactsProperties;
import io.flytrap.core.sourcemaps.SourceMapProperties;
import io.flytrap.core.urls.UrlProperties;
import io.flytrap.core.users.SignInProperties;
import io.flytrap.core.queue.QueueProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core settings records bind with the defaults the README documents (property names and defaults are what
 * users' configuration relies on), and a wrong value stops start-up with a message naming the property.
 */
class PropertiesBindingTests {

    // Not a @Configuration: component scans of this package in other tests must not find it
    @EnableConfigurationProperties({AlertsProperties.class, ArtifactsProperties.class, SourceMapProperties.class,
            IngestProperties.class, SignInProperties.class, UrlProperties.class, QueueProperties.class})
    static class AllProperties {
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(AllProperties.class);

    @Test
    void defaults() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(AlertsProperties.class)).isEqualTo(new AlertsProperties("smtp",
                    "flytrap@localhost", Duration.ofSeconds(2), false, 10, Duration.ofSeconds(30),
                    Duration.ofMillis(500), Duration.ofSeconds(60)));
            assertThat(context.getBean(ArtifactsProperties.class))
                    .isEqualTo(new ArtifactsProperties(DataSize.ofMegabytes(50), DataSize.ofGigabytes(1)));
            assertThat(context.getBean(SourceMapProperties.class))
                    .isEqualTo(new SourceMapProperties(DataSize.ofMegabytes(256), Duration.ofSeconds(30)));
            assertThat(context.getBean(IngestProperties.class)).isEqualTo(new IngestProperties(
                    DataSize.ofMegabytes(10), DataSize.ofMegabytes(50), DataSize.ofMegabytes(1), 100,
                    Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(1)));
            assertThat(context.getBean(SignInProperties.class).lockout()).isEqualTo(Duration.ofMinutes(15));
            assertThat(context.getBean(UrlProperties.class)).isEqualTo(new UrlProperties("http://localhost:8080", ""));
            QueueProperties queue = context.getBean(QueueProperties.class);
            assertThat(queue.enqueueTimeout()).as("a slow insert rolls back before its callers are told 503")
                    .isEqualTo(Duration.ofSeconds(1)).isLessThan(queue.enqueueDeadline());
        });
    }

    @Test
    void boundByTheirDocumentedNames() {
        runner.withPropertyValues("flytrap.artifacts.max-size=2MB", "flytrap.alerts.allow-internal-targets=true",
                        "flytrap.sourcemaps.lookup-cache-ttl=0s", "flytrap.public-url=https://errors.example.com/",
                        "flytrap.ingest.key-cache-ttl=5s")
                .run(context -> {
                    assertThat(context.getBean(ArtifactsProperties.class).maxSize()).isEqualTo(DataSize.ofMegabytes(2));
                    assertThat(context.getBean(AlertsProperties.class).allowInternalTargets()).isTrue();
                    assertThat(context.getBean(SourceMapProperties.class).lookupCacheTtl()).isZero();
                    assertThat(context.getBean(UrlProperties.class).publicBase()).isEqualTo("https://errors.example.com");
                    assertThat(context.getBean(IngestProperties.class).keyCacheTtl()).isEqualTo(Duration.ofSeconds(5));
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"flytrap.artifacts.max-size=-1MB", "flytrap.artifacts.max-pending-chunks=0B",
            "flytrap.alerts.poll-interval=0s", "flytrap.alerts.max-attempts=0", "flytrap.alerts.retry-backoff=-5s",
            "flytrap.sourcemaps.lookup-cache-ttl=-1s", "flytrap.ingest.key-lookup-timeout=0s",
            "flytrap.ingest.max-event-size=0B", "flytrap.sign-in.lockout=0s", "flytrap.public-url= ",
            "flytrap.alerts.email=pigeon", "flytrap.queue.lease=0s", "flytrap.queue.enqueue-timeout=2s"})
    void wrongValueFailsStartUpNamingTheProperty(String setting) {
        String property = setting.substring(0, setting.indexOf('='));
        runner.withPropertyValues(setting).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context).getFailure().rootCause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(property);
        });
    }
}
