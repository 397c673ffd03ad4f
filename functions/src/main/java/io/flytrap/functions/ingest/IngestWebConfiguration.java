package io.flytrap.functions.ingest;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

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
