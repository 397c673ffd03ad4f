package io.flytrap.functions.sdk.sample;

import io.flytrap.sdk.spring.FlytrapAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A small Spring Boot web app using the Flytrap starter, as a customer's app would: only a DSN and a few
 * properties. Its auto-configuration is listed explicitly because it shares the test classpath with Flytrap itself
 * (whose database, queue and AWS auto-configurations it must not pick up). {@code @TestConfiguration} keeps it out
 * of the Flytrap application's component scan.
 */
@TestConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
        JacksonAutoConfiguration.class, FlytrapAutoConfiguration.class})
@Import(OrderController.class)
public class SampleShopApplication {
}
