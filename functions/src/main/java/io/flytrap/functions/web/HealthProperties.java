package io.flytrap.functions.web;

import io.flytrap.core.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param maxQueueAge readiness goes down while the queue's oldest waiting event has waited longer than this: the
 *                    workers are not keeping up (or not running), and an instance that accepts events it will not
 *                    process soon should say so to its probes and load balancer
 */
@ConfigurationProperties("flytrap.health")
public record HealthProperties(@DefaultValue("5m") Duration maxQueueAge) {

    public HealthProperties {
        Settings.requirePositive("flytrap.health.max-queue-age", maxQueueAge);
    }
}
