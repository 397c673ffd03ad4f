package io.flytrap.core.sourcemaps;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

import static io.flytrap.core.settings.Settings.requireNotNegative;
import static io.flytrap.core.settings.Settings.requirePositive;

/**
 * @param cacheSize      memory for parsed source maps (and a quarter each for placed frames, source texts and
 *                       scopes)
 * @param lookupCacheTtl how long "which artifact serves this file" is remembered, so an upload is used within it;
 *                       0 looks up every time
 */
@ConfigurationProperties("flytrap.sourcemaps")
public record SourceMapProperties(@DefaultValue("256MB") DataSize cacheSize,
                                  @DefaultValue("30s") Duration lookupCacheTtl) {

    public SourceMapProperties {
        requirePositive("flytrap.sourcemaps.cache-size", cacheSize);
        requireNotNegative("flytrap.sourcemaps.lookup-cache-ttl", lookupCacheTtl);
    }
}
