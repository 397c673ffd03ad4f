package io.flytrap.functions.alerts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static io.flytrap.core.settings.Settings.requireText;

/**
 * Bound only when {@code flytrap.alerts.email=sns}.
 *
 * @param topicPrefix a project's topic is this prefix + the project's id (the IAM policy can allow exactly those)
 */
@ConfigurationProperties("flytrap.alerts.sns")
public record SnsAlertsProperties(@DefaultValue("flytrap-project-") String topicPrefix) {

    public SnsAlertsProperties {
        requireText("flytrap.alerts.sns.topic-prefix", topicPrefix);
    }
}
