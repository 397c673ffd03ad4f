package io.flytrap.core.users;

/** A freshly made API token. The plain value exists only here: the database keeps its SHA-256. */
public record IssuedToken(long id, String name, String token) {
}
