package io.flytrap.core.issues;

import io.flytrap.core.event.Event;

import java.util.List;

/**
 * What storing a batch did to one issue, for the alert rules.
 *
 * @param inserted  the batch created the issue
 * @param regressed the batch reopened a resolved issue
 * @param events    the batch's events of this issue
 */
public record StoredIssue(long issueId, long projectId, boolean inserted, boolean regressed, List<Event> events) {

    public StoredIssue {
        events = List.copyOf(events);
    }
}
