package io.flytrap.core.event;

/** What the SDK told us about where it runs: operating system, browser or runtime, and the end user's address. */
public record ClientInfo(String ip, String os, String browser, String runtime) {
}
