package io.flytrap.functions.ingest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The HTTP side of ingest (this filter and the two controllers) exists only in a servlet application: the Lambda
 * jar has no servlet container at all (API Gateway calls the {@code ingest} function), so these classes must not
 * even be introspected there.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Configuration(proxyBeanMethods = false)
class IngestWebConfiguration {

    /** Ahead of every other filter, security included, so prefixed Sentry paths are seen as the plain ones. */
    @Bean
    FilterRegistrationBean<SentryPathPrefixFilter> sentryPathPrefixFilter() {
        FilterRegistrationBean<SentryPathPrefixFilter> registration = new FilterRegistrationBean<>(new SentryPathPrefixFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
