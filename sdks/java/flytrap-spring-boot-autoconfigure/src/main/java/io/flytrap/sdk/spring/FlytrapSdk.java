package io.flytrap.sdk.spring;

import io.flytrap.sdk.BeforeSend;
import io.flytrap.sdk.Flytrap;
import org.springframework.beans.factory.DisposableBean;

/**
 * The SDK's lifetime as a bean: initialised from {@link FlytrapProperties} when the context starts, closed (queued
 * events sent, within the shutdown timeout) when it closes. The SDK itself is one per JVM: when something else
 * initialised it first, that configuration is kept and this bean leaves it alone on close.
 */
public final class FlytrapSdk implements DisposableBean {

    private final boolean initialisedHere;
    private final FlytrapProperties properties;

    FlytrapSdk(FlytrapProperties properties, BeforeSend beforeSend) {
        this.properties = properties;
        if (beforeSend != null) {
            properties.setBeforeSend(beforeSend);
        }
        // Flytrap logs why it refuses (an unusable DSN): a monitoring setting must not stop the app from starting
        this.initialisedHere = Flytrap.init(properties);
    }

    public boolean isSendDefaultPii() {
        return properties.isSendDefaultPii();
    }

    /** True when this bean initialised the SDK (and will close it). */
    public boolean isActive() {
        return initialisedHere && Flytrap.isEnabled();
    }

    @Override
    public void destroy() {
        if (initialisedHere) {
            Flytrap.close(properties.getShutdownTimeout());
        }
    }
}
