package io.flytrap.core.grouping;

import java.util.List;

/**
 * How an event is grouped into an issue, and the words the issue list shows for it.
 *
 * @param version     the grouping algorithm that produced the fingerprint; stored with the issue
 * @param fingerprint hex SHA-256 of the grouping components
 * @param previous    the fingerprints earlier versions give the same event: an issue created by an earlier
 *                    version keeps receiving its events, so upgrading the algorithm does not split issues
 */
public record Grouping(int version, String fingerprint, String title, String culprit, List<Previous> previous) {

    public Grouping {
        previous = previous == null ? List.of() : List.copyOf(previous);
    }

    public record Previous(int version, String fingerprint) {
    }
}
