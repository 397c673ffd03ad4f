package io.flytrap.core.alerts;

/** A channel's way of delivering an alert; the dispatcher retries what throws, unless it is permanent. */
public interface AlertSender {

    ChannelKind kind();

    void send(Destination destination, AlertMessage message) throws Exception;

    /**
     * Where to: a URL (and the webhook's signing secret) or an e-mail address. toString leaves the secret out.
     * The delivery id is the notification's: the same on every retry, so a receiver can drop a repeat.
     */
    record Destination(long deliveryId, String url, String secret, String recipient) {
        @Override
        public String toString() {
            return "Destination[" + (recipient != null ? recipient : "url") + "]";
        }
    }

    /** A failure that retrying cannot fix (a refused target, a 4xx answer, no mail server configured). */
    class PermanentFailure extends Exception {
        public PermanentFailure(String message) {
            super(message);
        }
    }
}
