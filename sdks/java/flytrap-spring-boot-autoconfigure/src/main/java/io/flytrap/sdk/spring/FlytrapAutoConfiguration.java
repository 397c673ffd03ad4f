package io.flytrap.sdk.spring;

import io.flytrap.sdk.BeforeSend;
import io.flytrap.sdk.spring.logback.FlytrapLogback;
import io.flytrap.sdk.spring.webflux.FlytrapWebFilter;
import io.flytrap.sdk.spring.webmvc.FlytrapHandlerExceptionResolver;
import io.flytrap.sdk.spring.webmvc.FlytrapMvcFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Flytrap for Spring Boot, switched on by {@code flytrap.dsn}: the SDK itself, then whichever of Spring MVC, WebFlux
 * and Logback the app uses. An app's {@link BeforeSend} bean is used as the SDK's hook.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "flytrap", name = "dsn")
@EnableConfigurationProperties(FlytrapProperties.class)
public class FlytrapAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FlytrapSdk flytrapSdk(FlytrapProperties properties, ObjectProvider<BeforeSend> beforeSend) {
        return new FlytrapSdk(properties, beforeSend.getIfUnique());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = {"org.springframework.web.servlet.DispatcherServlet", "jakarta.servlet.Filter"})
    static class SpringMvc {

        @Bean
        FlytrapHandlerExceptionResolver flytrapHandlerExceptionResolver() {
            return new FlytrapHandlerExceptionResolver();
        }

        @Bean
        FlytrapMvcFilter flytrapMvcFilter(FlytrapSdk sdk) {
            return new FlytrapMvcFilter(sdk.isSendDefaultPii());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
    static class SpringWebFlux {

        @Bean
        FlytrapWebFilter flytrapWebFilter(FlytrapSdk sdk) {
            return new FlytrapWebFilter(sdk.isSendDefaultPii());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"ch.qos.logback.classic.LoggerContext", "io.flytrap.sdk.logback.FlytrapAppender"})
    @ConditionalOnProperty(prefix = "flytrap", name = "logback", matchIfMissing = true)
    static class Logback {

        @Bean
        FlytrapLogback flytrapLogback(FlytrapSdk sdk, FlytrapProperties properties) {
            return new FlytrapLogback(properties.getMinimumBreadcrumbLevel());
        }
    }
}
