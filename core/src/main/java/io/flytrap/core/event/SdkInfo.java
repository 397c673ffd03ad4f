package io.flytrap.core.event;

/** The SDK that sent the event, e.g. sentry.java 8.63.0 or flytrap.javascript 1.0.0. */
public record SdkInfo(String name, String version) {
}
