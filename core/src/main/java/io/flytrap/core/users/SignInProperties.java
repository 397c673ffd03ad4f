package io.flytrap.core.users;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

import static io.flytrap.core.settings.Settings.requirePositive;

/**
 * @param lockout         how long sign-in stays refused after too many failures, counted from the latest failure
 * @param localLogin      false (FLYTRAP_LOCAL_LOGIN=false): passwords are refused everywhere (form, token exchange),
 *                        except the break-glass administrator's; people sign in with single sign-on
 * @param breakGlassEmail the one account whose password still works then (FLYTRAP_BREAK_GLASS_EMAIL); empty: the
 *                        first administrator made (lowest id) that is still an active administrator
 */
@ConfigurationProperties("flytrap.sign-in")
public record SignInProperties(@DefaultValue("15m") Duration lockout, @DefaultValue("true") boolean localLogin,
                               String breakGlassEmail) {

    public SignInProperties {
        requirePositive("flytrap.sign-in.lockout", lockout);
    }
}
