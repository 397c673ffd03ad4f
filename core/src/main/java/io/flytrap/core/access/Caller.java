package io.flytrap.core.access;

/**
 * Who is asking. Every service method that reads or changes project data takes one and checks membership
 * itself, so views and controllers are never the only gate.
 */
public record Caller(long userId, boolean admin) {
}
