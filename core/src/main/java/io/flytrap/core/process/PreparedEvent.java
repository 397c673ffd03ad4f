package io.flytrap.core.process;

import io.flytrap.core.event.Event;
import io.flytrap.core.grouping.Grouping;

/** A parsed, grouped event ready to be stored. */
record PreparedEvent(String messageId, Event event, Grouping grouping) {

    IssueKey issueKey() {
        return new IssueKey(event.projectId(), grouping.version(), grouping.fingerprint());
    }

    record IssueKey(long projectId, int groupingVersion, String fingerprint) {
    }
}
