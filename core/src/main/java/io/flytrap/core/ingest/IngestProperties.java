package io.flytrap.core.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize         largest body accepted on the wire (compressed, if it is); envelopes may carry
 *                            attachments, which are read past, not kept
 * @param maxDecompressedSize largest a body may grow to when decompressed: stops decompression bombs
 * @param maxEventSize        largest single event (native body or Sentry event item), as Sentry's own 1 MB limit
 * @param maxEnvelopeItems    items of any type one Sentry envelope may hold; SDKs send an event with a few
 *                            attachments, or a batch of sessions or client reports, well below it
 */
@ConfigurationProperties("flytrap.ingest")
public record IngestProperties(@DefaultValue("10MB") DataSize maxBodySize,
                               @DefaultValue("50MB") DataSize maxDecompressedSize,
                               @DefaultValue("1MB") DataSize maxEventSize,
                               @DefaultValue("100") int maxEnvelopeItems) {
}
