package io.flytrap.dashboard.issues;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** flytrap.live.poll-interval keeps its README default, and zero (a busy loop) stops start-up naming it. */
class LivePropertiesTests {

    // Not a @Configuration: component scans of this package in other tests must not find it
    @EnableConfigurationProperties(LiveProperties.class)
    static class Live {
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Live.class);

    @Test
    void defaultPollInterval() {
        runner.run(context -> assertThat(context.getBean(LiveProperties.class).pollInterval())
                .isEqualTo(Duration.ofSeconds(10)));
    }

    @Test
    void zeroPollIntervalFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("flytrap.live.poll-interval=0s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context).getFailure().rootCause().hasMessageStartingWith("flytrap.live.poll-interval");
        });
    }
}
