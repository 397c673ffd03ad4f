package io.flytrap.core.urls;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Registers {@link UrlProperties}, which alerts (core) and the dashboard both read. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UrlProperties.class)
class UrlsConfiguration {
}
