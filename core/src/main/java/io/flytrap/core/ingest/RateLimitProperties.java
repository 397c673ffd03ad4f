package io.flytrap.core.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ingest quotas, enforced by each ingest process on its own (replicas each allow this much).
 *
 * @param projectPerMinute events a project may send per minute, unless its key sets its own limit
 * @param globalPerSecond  events all projects together may send per second; kept well above a single project's
 *                         share so that one noisy project is stopped by its own quota before it can use up
 *                         everyone's
 */
@ConfigurationProperties("flytrap.ingest.rate-limit")
public record RateLimitProperties(@DefaultValue("12000") int projectPerMinute,
                                  @DefaultValue("5000") int globalPerSecond) {
}
