package io.flytrap.functions.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;

import static io.flytrap.core.settings.Settings.requireText;

/**
 * Bound only when {@code flytrap.artifacts.storage=s3}; the size limit is the shared
 * {@code flytrap.artifacts.max-size} ({@link io.flytrap.core.sourcemaps.ArtifactsProperties}).
 *
 * @param bucket the bucket source maps are kept in
 */
@ConfigurationProperties("flytrap.artifacts.s3")
public record S3ArtifactsProperties(String bucket) {

    public S3ArtifactsProperties {
        requireText("flytrap.artifacts.s3.bucket", bucket);
    }
}
