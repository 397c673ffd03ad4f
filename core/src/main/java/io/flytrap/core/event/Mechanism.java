package io.flytrap.core.event;

/**
 * How the exception was caught.
 *
 * @param type    e.g. "onerror", "UncaughtExceptionHandler", "generic"
 * @param handled false when it reached a global handler: the application did not catch it
 */
public record Mechanism(String type, Boolean handled) {
}
