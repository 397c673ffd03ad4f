package io.flytrap.core.sourcemaps;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Registers the artifact and source map settings, read by the upload services and by ingest's resolver. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ArtifactsProperties.class, SourceMapProperties.class})
class SourceMapsConfiguration {
}
