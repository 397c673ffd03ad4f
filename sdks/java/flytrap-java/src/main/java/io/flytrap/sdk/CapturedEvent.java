package io.flytrap.sdk;

import java.util.List;

/**
 * What the calling thread takes at capture time, no more: the id, the time, the exception chain's classes,
 * messages and stack trace elements, the hint and the scope snapshot. Turning that into JSON happens on the sender
 * thread.
 *
 * @param original the captured exception, for {@link BeforeSend}; null for a message
 */
record CapturedEvent(String eventId, long timestampMillis, Level level, String message,
                     List<CapturedThrowable> chain, EventHint hint, Scope.Snapshot scope, Throwable original) {
}
