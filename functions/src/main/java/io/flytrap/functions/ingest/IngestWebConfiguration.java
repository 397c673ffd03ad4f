package io.flytrap.functions.ingest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The servlet side of ingest exists only in a servlet application: the Lambda jar has no servlet container at all
 * (API Gateway calls the {@code ingest} function), so this class must not even be introspected there.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Configuration(proxyBeanMethods = false)
class IngestWebConfiguration {

    /**
     * Ahead of every other filter but the JSON error net, forwarded headers and observation, security included:
     * ingest authenticates with the project's key, and prefixed Sentry paths (/errors/api/42/envelope/) are no
     * dashboard paths for security to guard.
     */
    @Bean
    FilterRegistrationBean<IngestServletFilter> ingestServletFilter(IngestHttpHandler ingest) {
        FilterRegistrationBean<IngestServletFilter> registration = new FilterRegistrationBean<>(new IngestServletFilter(ingest));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
