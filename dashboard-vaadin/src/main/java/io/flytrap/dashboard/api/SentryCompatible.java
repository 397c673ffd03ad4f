package io.flytrap.dashboard.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller that speaks Sentry's API to Sentry's own tools: its errors carry {"detail": "..."}, which
 * sentry-cli prints, instead of the management API's {"error": "..."}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface SentryCompatible {
}
