package io.flytrap.core.event;

/** The HTTP request the application was serving when the error happened. */
public record RequestInfo(String method, String url) {
}
