package io.flytrap.functions.metrics;

import io.flytrap.core.metrics.FlytrapMetrics;
import io.flytrap.core.queue.PostgresEventQueue;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

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

    /**
     * Guards the scrape ahead of every other filter (the dashboard's security chain included), on whatever base path
     * the actuator has. {@code flytrap.metrics.token} is {@code FLYTRAP_METRICS_TOKEN} in the environment.
     */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    FilterRegistrationBean<MetricsTokenFilter> flytrapMetricsTokenFilter(
            @Value("${flytrap.metrics.token:}") String token,
            @Value("${management.endpoints.web.base-path:/actuator}") String basePath) {
        String path = (basePath.endsWith("/") ? basePath : basePath + "/") + "prometheus";
        FilterRegistrationBean<MetricsTokenFilter> registration = new FilterRegistrationBean<>(new MetricsTokenFilter(token));
        registration.addUrlPatterns(path, path + "/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
