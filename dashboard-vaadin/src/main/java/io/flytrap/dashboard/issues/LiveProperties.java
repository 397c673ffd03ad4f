package io.flytrap.dashboard.issues;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

import static io.flytrap.core.settings.Settings.requirePositive;

/**
 * @param pollInterval how often open views also poll for changes, in case a database notification was lost
 */
@ConfigurationProperties("flytrap.live")
public record LiveProperties(@DefaultValue("10s") Duration pollInterval) {

    public LiveProperties {
        requirePositive("flytrap.live.poll-interval", pollInterval);
    }
}
