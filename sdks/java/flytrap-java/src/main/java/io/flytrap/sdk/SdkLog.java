package io.flytrap.sdk;

/**
 * The SDK's own diagnostics, through {@link System.Logger} (no logging library required; in a Spring Boot app it
 * reaches Logback). The logger is named "io.flytrap.sdk" so that the Logback appender can tell the SDK's lines from
 * the app's and never turn them into events.
 */
final class SdkLog {

    static final String LOGGER_NAME = "io.flytrap.sdk";

    private static final System.Logger LOGGER = System.getLogger(LOGGER_NAME);

    private SdkLog() {
    }

    static void debug(String message) {
        log(System.Logger.Level.DEBUG, message, null);
    }

    static void warn(String message) {
        log(System.Logger.Level.WARNING, message, null);
    }

    static void warn(String message, Throwable problem) {
        log(System.Logger.Level.WARNING, message, problem);
    }

    private static void log(System.Logger.Level level, String message, Throwable problem) {
        try {
            if (problem == null) {
                LOGGER.log(level, "[flytrap] " + message);
            } else {
                LOGGER.log(level, "[flytrap] " + message, problem);
            }
        } catch (RuntimeException | LinkageError ignored) {
            // a broken logging setup must not turn into an exception in the app
        }
    }
}
