package io.flytrap.core.process;

import io.flytrap.core.crypto.Digests;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.UserInfo;
import io.flytrap.core.grouping.Grouping;
import io.flytrap.core.issues.IssueKey;
import io.flytrap.core.issues.IssueOccurrence;

import java.nio.charset.StandardCharsets;

/**
 * A parsed, grouped event ready to be stored, with what the store writes worked out before its transaction (issue
 * #24: the less the transaction computes, the shorter other workers wait for its issue locks).
 *
 * @param userKey the end user, hashed (see {@link #userKey(Event, String)})
 * @param storedColumns the events row's columns after project_id and issue_id, as a line of the store's COPY
 *                      ({@link CsvRows}) in UTF-8, the bytes the COPY sends, payload included ({@link EventPayloadJson})
 */
record PreparedEvent(String messageId, Event event, Grouping grouping, String userKey, byte[] storedColumns) {

    /**
     * @param observedClientIp the address ingest saw the request come from; counts distinct users when the SDK
     *                         sent no address of its own (browsers cannot know theirs)
     */
    static PreparedEvent of(String messageId, Event event, Grouping grouping, String observedClientIp, String payload) {
        String userKey = userKey(event, observedClientIp);
        StringBuilder columns = new StringBuilder(payload.length() + 256);
        CsvRows.row(columns, event.eventId(), event.occurredAt(), event.receivedAt(), event.level().wireName(),
                event.handled(), event.release(), event.environment(), userKey, payload);
        return new PreparedEvent(messageId, event, grouping, userKey,
                columns.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The end user, hashed: distinct users are counted without storing who they are. The SDK's user id wins, then
     * the e-mail, then an address the SDK sent, then the address the request came from.
     */
    private static String userKey(Event event, String observedClientIp) {
        UserInfo user = event.user();
        String identity = user != null && present(user.id()) ? "id:" + user.id()
                : user != null && present(user.email()) ? "email:" + user.email().toLowerCase(java.util.Locale.ROOT)
                : event.client() != null && present(event.client().ip()) ? "ip:" + event.client().ip()
                : present(observedClientIp) ? "ip:" + observedClientIp : null;
        return identity == null ? null : Digests.sha256Hex(identity);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** The event as its issue sees it. */
    IssueOccurrence occurrence() {
        return new IssueOccurrence(event, new IssueKey(event.projectId(), grouping.version(), grouping.fingerprint()),
                grouping.previous().stream()
                        .map(earlier -> new IssueKey(event.projectId(), earlier.version(), earlier.fingerprint())).toList(),
                grouping.title(), grouping.culprit(), userKey);
    }
}
