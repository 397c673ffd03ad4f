package io.flytrap.sdk;

/**
 * What happened to captured events so far.
 *
 * @param sent          accepted by the server
 * @param droppedQueueFull captured while the send queue was full, and dropped at once
 * @param dropped       dropped by beforeSend (null or an exception)
 * @param refused       refused by the server with a 4xx other than 429 (not retried)
 * @param failed        given up after the last retry, or not serialisable
 * @param queued        waiting in the queue or being sent right now
 */
public record FlytrapStats(long sent, long droppedQueueFull, long dropped, long refused, long failed, int queued) {
}
