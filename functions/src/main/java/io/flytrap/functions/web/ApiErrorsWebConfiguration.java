package io.flytrap.functions.web;

import jakarta.servlet.DispatcherType;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.JsonErrorReportValve;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Every answer under /api/ is JSON, errors included, in the functions container and in the dashboard app alike
 * (both import this). The controllers' own handlers answer the errors they know; this is the net under them.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Configuration(proxyBeanMethods = false)
class ApiErrorsWebConfiguration {

    /**
     * Outside every other filter, security included, so an exception any of them lets through is still answered
     * in JSON; also on forwards, which is how a Sentry DSN with a path prefix reaches the ingest endpoints.
     */
    @Bean
    FilterRegistrationBean<JsonApiErrorsFilter> jsonApiErrorsFilter() {
        FilterRegistrationBean<JsonApiErrorsFilter> registration = new FilterRegistrationBean<>(new JsonApiErrorsFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD);
        registration.addUrlPatterns("/api", "/api/*");
        return registration;
    }

    /** Error dispatches of /api/ requests, which land on the error page's path rather than under /api/. */
    @Bean
    FilterRegistrationBean<ApiErrorDispatchFilter> apiErrorDispatchFilter() {
        FilterRegistrationBean<ApiErrorDispatchFilter> registration = new FilterRegistrationBean<>(new ApiErrorDispatchFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.ERROR);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /**
     * Requests Tomcat refuses before any application code sees them (a broken request line, %00 in the path, a
     * NUL in a header) got Tomcat's HTML error page. Its JSON one instead; everything the application answers
     * itself, dashboard pages included, is unchanged. Set on the host before it starts, which is when it adds it.
     */
    @Bean
    @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonContainerErrorPages() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        });
    }
}
