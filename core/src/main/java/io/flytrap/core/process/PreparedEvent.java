package io.flytrap.core.process;

import io.flytrap.core.crypto.Digests;
import io.flytrap.core.event.Event;
import io.flytrap.core.grouping.Grouping;

/**
 * A parsed, grouped event ready to be stored.
 *
 * @param observedClientIp the address ingest saw the request come from; counts distinct users when the SDK
 *                         sent no address of its own (browsers cannot know theirs)
 */
record PreparedEvent(String messageId, Event event, Grouping grouping, String observedClientIp) {

    /** The end user, hashed: distinct users are counted without storing who they are. */
    String userKey() {
        String ip = event.client() != null && event.client().ip() != null && !event.client().ip().isBlank()
                ? event.client().ip() : observedClientIp;
        return ip == null || ip.isBlank() ? null : Digests.sha256Hex(ip);
    }

    IssueKey issueKey() {
        return new IssueKey(event.projectId(), grouping.version(), grouping.fingerprint());
    }

    record IssueKey(long projectId, int groupingVersion, String fingerprint) {
    }
}
