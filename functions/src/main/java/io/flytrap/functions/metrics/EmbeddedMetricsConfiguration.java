package io.flytrap.functions.metrics;

import io.flytrap.core.metrics.FlytrapMetrics;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The Lambdas' metrics: embedded metric format lines in their logs (imported by the Lambda application only). */
@Configuration(proxyBeanMethods = false)
public class EmbeddedMetricsConfiguration {

    @Bean
    FlytrapMetrics flytrapMetrics(Clock clock,
                                  @Value("${flytrap.metrics.cloudwatch-namespace:Flytrap}") String namespace,
                                  @Value("${AWS_LAMBDA_FUNCTION_NAME:flytrap}") String function) {
        return new EmbeddedMetrics(System.out, clock, namespace, function);
    }
}
