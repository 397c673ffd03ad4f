package io.flytrap.core.metrics;

import java.time.Duration;
import java.util.Locale;

/**
 * What Flytrap's features report for operators' metrics, in Flytrap's words: the port core code calls, so no
 * metrics library type reaches the domain. The containers implement it with Micrometer (scraped at
 * {@code /actuator/prometheus}), the Lambdas with CloudWatch embedded metric format lines (no Micrometer at all on
 * their cold start), and an application without either gets {@link #NONE}. Gauges (queue depth and age, dead
 * letters) are not here: an adapter reads them from their owner when it is scraped.
 * <p>
 * Project tags are bounded: a project id only once a key proved it, else {@link #UNKNOWN_PROJECT}.
 */
public interface FlytrapMetrics {

    /** The project tag of a request whose key named no project (missing, unknown or revoked). */
    String UNKNOWN_PROJECT = "unknown";

    /** Why ingest refused a request; the tag is the lower-case name. */
    enum Refusal {
        /** Missing, unknown or revoked key, or a key of another project (401, 403). */
        AUTH,
        /** Over a size limit (413). */
        SIZE,
        /** Over a quota, or the client's budget of refused requests is spent (429). */
        RATE_LIMIT,
        /** Not a valid event (400). */
        INVALID;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What became of one attempt to send a notification; the tag is the lower-case name. */
    enum Delivery {
        SENT,
        /** This attempt failed; it is tried again later. */
        FAILED,
        /** Failed for good: parked until someone retries it. */
        PARKED;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Events queued for processing (an envelope may bring several). */
    void eventsAccepted(String project, int events);

    /** One request refused; its events were not read on. */
    void eventRejected(String project, Refusal reason);

    /** One request the client sent correctly but that could not be queued (503: queue or database unavailable). */
    void eventDropped(String project);

    /** A processed batch: events stored (or found stored before), events failed (to be retried), time taken. */
    void batchProcessed(int processed, int failed, Duration took);

    /** One send of a notification through a channel of this kind (email, slack, discord, webhook). */
    void notification(String channelKind, Delivery delivery);

    /** One look-up of a parsed source map: found in the cache, or loaded and parsed. */
    void sourceMapCache(boolean hit);

    static String project(Long projectId) {
        return projectId == null ? UNKNOWN_PROJECT : Long.toString(projectId);
    }

    /** For applications that export no metrics (core's own tests, tools). */
    FlytrapMetrics NONE = new FlytrapMetrics() {
        @Override
        public void eventsAccepted(String project, int events) {
        }

        @Override
        public void eventRejected(String project, Refusal reason) {
        }

        @Override
        public void eventDropped(String project) {
        }

        @Override
        public void batchProcessed(int processed, int failed, Duration took) {
        }

        @Override
        public void notification(String channelKind, Delivery delivery) {
        }

        @Override
        public void sourceMapCache(boolean hit) {
        }
    };
}
