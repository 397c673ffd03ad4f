package io.flytrap.core.sourcemaps;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import static io.flytrap.core.settings.Settings.requirePositive;

/**
 * Uploaded source maps and minified sources (where they are stored is {@code flytrap.artifacts.storage}, a
 * condition on the store beans, not read here).
 *
 * @param maxSize          largest artifact, and largest upload chunk and assembled bundle; over it the answer is 413
 * @param maxPendingChunks bytes of uploaded chunks waiting to be assembled into bundles, over all projects, so
 *                         chunks that are never assembled cannot fill the database
 */
@ConfigurationProperties("flytrap.artifacts")
public record ArtifactsProperties(@DefaultValue("50MB") DataSize maxSize,
                                  @DefaultValue("1GB") DataSize maxPendingChunks) {

    public ArtifactsProperties {
        requirePositive("flytrap.artifacts.max-size", maxSize);
        requirePositive("flytrap.artifacts.max-pending-chunks", maxPendingChunks);
    }
}
