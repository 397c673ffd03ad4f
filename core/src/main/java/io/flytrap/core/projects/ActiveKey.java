package io.flytrap.core.projects;

/** What ingest needs to know about a valid, unrevoked client key. */
public record ActiveKey(long keyId, long projectId) {
}
