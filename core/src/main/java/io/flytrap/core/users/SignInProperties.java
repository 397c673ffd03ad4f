package io.flytrap.core.users;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

import static io.flytrap.core.settings.Settings.requirePositive;

/**
 * @param lockout how long sign-in stays refused after too many failures, counted from the latest failure
 */
@ConfigurationProperties("flytrap.sign-in")
public record SignInProperties(@DefaultValue("15m") Duration lockout) {

    public SignInProperties {
        requirePositive("flytrap.sign-in.lockout", lockout);
    }
}
