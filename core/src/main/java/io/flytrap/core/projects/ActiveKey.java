package io.flytrap.core.projects;

/**
 * What ingest needs to know about a valid, unrevoked client key.
 *
 * @param rateLimitPerMinute this key's own quota, overriding the project default; null for the default
 */
public record ActiveKey(long keyId, long projectId, Integer rateLimitPerMinute) {
}
