package io.flytrap.core.process;

import io.flytrap.core.settings.Settings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code flytrap.retention.*}: when the retention job deletes expired events. How long a project keeps them is a
 * project setting, not this.
 *
 * @param enabled      false where another process purges (the AWS Lambdas leave it to the container)
 * @param initialDelay the first run after start-up, late enough not to slow a start
 * @param interval     the pause between the end of one run and the start of the next
 */
@ConfigurationProperties("flytrap.retention")
record RetentionProperties(@DefaultValue("true") boolean enabled,
                           @DefaultValue("PT5M") Duration initialDelay,
                           @DefaultValue("PT1H") Duration interval) {

    RetentionProperties {
        Settings.requireNotNegative("flytrap.retention.initial-delay", initialDelay);
        Settings.requirePositive("flytrap.retention.interval", interval);
    }
}
