package io.flytrap.functions.metrics;

import io.flytrap.core.metrics.FlytrapMetrics;
import io.flytrap.core.queue.PostgresEventQueue;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/**
 * Flytrap's metrics through Micrometer wherever Spring Boot made a meter registry (containers, the one-process
 * app). An auto-configuration so that it runs after the registry's; the Lambdas list their auto-configurations
 * and import {@link EmbeddedMetricsConfiguration} instead, so no Micrometer class loads on their cold start.
 */
@AutoConfiguration(after = CompositeMeterRegistryAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public class MicrometerMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FlytrapMetrics flytrapMetrics(MeterRegistry registry) {
        return new MicrometerMetrics(registry);
    }

    @Bean
    @ConditionalOnBean(PostgresEventQueue.class)
    QueueGauges flytrapQueueGauges(PostgresEventQueue queue, Clock clock) {
        return new QueueGauges(queue, clock);
    }
}
