package io.flytrap.sdk;

/**
 * Changes or drops an event just before it is sent, on the SDK's background thread. Return the event (changed or
 * not) to send it, null to drop it. An exception thrown here drops the event: the hook may be what keeps personal
 * data out, so without its verdict nothing is sent.
 */
@FunctionalInterface
public interface BeforeSend {

    /**
     * @param original the exception that was captured, or null for a message
     */
    FlytrapEvent apply(FlytrapEvent event, Throwable original);
}
