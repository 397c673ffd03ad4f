package io.flytrap.core.issues;

import io.flytrap.core.event.Event;

import java.util.List;

/**
 * One stored event as its issue sees it.
 *
 * @param key         the issue its current grouping names
 * @param earlierKeys the keys earlier grouping versions gave it: an issue one of them created keeps the event, so
 *                    upgrading grouping never splits an issue
 * @param userKey     the hashed end user, or null when the event names none
 */
public record IssueOccurrence(Event event, IssueKey key, List<IssueKey> earlierKeys, String title, String culprit,
                              String userKey) {

    public IssueOccurrence {
        earlierKeys = List.copyOf(earlierKeys);
    }
}
