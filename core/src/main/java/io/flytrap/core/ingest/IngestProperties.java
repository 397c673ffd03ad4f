package io.flytrap.core.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

import static io.flytrap.core.settings.Settings.requireNotNegative;
import static io.flytrap.core.settings.Settings.requirePositive;

/**
 * @param maxBodySize         largest body accepted on the wire (compressed, if it is); envelopes may carry
 *                            attachments, which are read past, not kept
 * @param maxDecompressedSize largest a body may grow to when decompressed: stops decompression bombs
 * @param maxEventSize        largest single event (native body or Sentry event item), as Sentry's own 1 MB limit
 * @param maxEnvelopeItems    items of any type one Sentry envelope may hold; SDKs send an event with a few
 *                            attachments, or a batch of sessions or client reports, well below it
 * @param keyCacheTtl         how long a client key (or its absence) is remembered; a key revoked in another
 *                            process keeps working for up to this long
 * @param keyLookupTimeout    longest a request waits for a client key lookup before ingest answers 503
 * @param keyLookupPause      after a failed or overdue lookup, how long lookups are refused without trying, so
 *                            requests do not queue behind a database that is gone
 */
@ConfigurationProperties("flytrap.ingest")
public record IngestProperties(@DefaultValue("10MB") DataSize maxBodySize,
                               @DefaultValue("50MB") DataSize maxDecompressedSize,
                               @DefaultValue("1MB") DataSize maxEventSize,
                               @DefaultValue("100") int maxEnvelopeItems,
                               @DefaultValue("30s") Duration keyCacheTtl,
                               @DefaultValue("1s") Duration keyLookupTimeout,
                               @DefaultValue("1s") Duration keyLookupPause) {

    public IngestProperties {
        requirePositive("flytrap.ingest.max-body-size", maxBodySize);
        requirePositive("flytrap.ingest.max-decompressed-size", maxDecompressedSize);
        requirePositive("flytrap.ingest.max-event-size", maxEventSize);
        requirePositive("flytrap.ingest.max-envelope-items", maxEnvelopeItems);
        requireNotNegative("flytrap.ingest.key-cache-ttl", keyCacheTtl);
        requirePositive("flytrap.ingest.key-lookup-timeout", keyLookupTimeout);
        requirePositive("flytrap.ingest.key-lookup-pause", keyLookupPause);
    }
}
