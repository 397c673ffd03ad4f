package io.flytrap.core.grouping;

/**
 * How an event is grouped into an issue, and the words the issue list shows for it.
 *
 * @param version     the grouping algorithm that produced the fingerprint; stored with the issue
 * @param fingerprint hex SHA-256 of the grouping components
 */
public record Grouping(int version, String fingerprint, String title, String culprit) {
}
