package io.flytrap.sdk;

import java.time.Duration;

/**
 * The JVM's one initialised client, or none: what {@link Flytrap}'s static methods act on. Starting and stopping
 * are serialised; readers take the volatile reference once per call and keep using that client, so a close on
 * another thread never leaves a call halfway on null.
 */
final class ActiveClient {

    private static final Object LOCK = new Object();
    private static volatile Client client;

    private ActiveClient() {
    }

    /** The current client, or null before init and after close. */
    static Client get() {
        return client;
    }

    static boolean start(FlytrapOptions options) {
        synchronized (LOCK) {
            if (client != null) {
                SdkLog.warn("Flytrap.init was called again; the first configuration is kept");
                return false;
            }
            try {
                client = Client.start(options);
                return true;
            } catch (RuntimeException invalid) {
                SdkLog.warn("not initialised: " + invalid.getMessage());
                return false;
            }
        }
    }

    /** Detaches the client first, so nothing new reaches it, then closes it within the timeout. */
    static boolean stop(Duration timeout) {
        Client current;
        synchronized (LOCK) {
            current = client;
            client = null;
        }
        if (current == null) {
            return true;
        }
        try {
            return current.close(timeout == null ? current.shutdownTimeoutMillis() : timeout.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException unexpected) {
            return false;
        }
    }
}
