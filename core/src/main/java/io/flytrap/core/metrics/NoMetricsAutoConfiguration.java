package io.flytrap.core.metrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link FlytrapMetrics#NONE} where no adapter was configured. An auto-configuration, so that it is decided after
 * every application configuration and after the Micrometer adapter's auto-configuration (which names this one
 * as coming after it): a component-scanned fallback would be registered before them.
 */
@AutoConfiguration(afterName = "io.flytrap.functions.metrics.MicrometerMetricsAutoConfiguration")
public class NoMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FlytrapMetrics flytrapMetrics() {
        return FlytrapMetrics.NONE;
    }
}
