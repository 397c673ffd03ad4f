package io.flytrap.core.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** @param maxBodySize largest accepted body; Sentry's own limit for a single event is 1 MB. */
@ConfigurationProperties("flytrap.ingest")
public record IngestProperties(@DefaultValue("1MB") DataSize maxBodySize) {
}
