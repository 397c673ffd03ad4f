package io.flytrap.core.releases;

import java.time.Instant;

/** A release going out to an environment. */
public record Deploy(long id, String environment, String name, String url, Instant dateStarted, Instant dateFinished) {
}
