package io.flytrap.core.issues;

import io.flytrap.core.event.Event;

/** A stored event with the issue it was grouped into. */
public record StoredEvent(long issueId, Event event) {
}
