package io.flytrap.core.alerts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

import static io.flytrap.core.settings.Settings.requirePositive;

/**
 * @param email                how alert e-mail goes out: {@code smtp} (one mail per project member, through
 *                             spring.mail) or {@code sns} (one message to the project's topic, whose subscribers
 *                             are the recipients)
 * @param mailFrom             sender address of SMTP alert mail
 * @param pollInterval         how often the dispatcher looks for due notifications when the outbox was empty
 * @param allowInternalTargets whether webhooks may point at loopback, private and other internal addresses (for
 *                             a receiver on the same network; off, since an admin could otherwise probe it)
 * @param maxAttempts          deliveries of a notification before it is parked as failed
 * @param retryBackoff         wait before a failed notification is tried again; doubles for each further attempt
 * @param sendRetryWait        first wait of the short in-process retry of one send (network blips)
 * @param circuitOpenWait      how long a channel whose receiver keeps failing is left alone
 */
@ConfigurationProperties("flytrap.alerts")
public record AlertsProperties(@DefaultValue("smtp") String email,
                               @DefaultValue("flytrap@localhost") String mailFrom,
                               @DefaultValue("2s") Duration pollInterval,
                               @DefaultValue("false") boolean allowInternalTargets,
                               @DefaultValue("10") int maxAttempts,
                               @DefaultValue("30s") Duration retryBackoff,
                               @DefaultValue("500ms") Duration sendRetryWait,
                               @DefaultValue("60s") Duration circuitOpenWait) {

    public AlertsProperties {
        if (!"smtp".equals(email) && !"sns".equals(email)) {
            throw new IllegalArgumentException("flytrap.alerts.email must be smtp or sns, not " + email);
        }
        requirePositive("flytrap.alerts.poll-interval", pollInterval);
        requirePositive("flytrap.alerts.max-attempts", maxAttempts);
        requirePositive("flytrap.alerts.retry-backoff", retryBackoff);
        requirePositive("flytrap.alerts.send-retry-wait", sendRetryWait);
        requirePositive("flytrap.alerts.circuit-open-wait", circuitOpenWait);
    }
}
