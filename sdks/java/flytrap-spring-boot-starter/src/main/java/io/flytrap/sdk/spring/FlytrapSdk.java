package io.flytrap.sdk.spring;

import io.flytrap.sdk.BeforeSend;
import io.flytrap.sdk.Flytrap;
import io.flytrap.sdk.FlytrapOptions;
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
        FlytrapOptions options = options(properties, beforeSend);
        boolean ok;
        try {
            options.setSampleRate(properties.getSampleRate());
            ok = Flytrap.init(options);
        } catch (IllegalArgumentException invalid) {
            ok = false; // Flytrap logs why; a monitoring setting must not stop the app from starting
        }
        this.initialisedHere = ok;
    }

    static FlytrapOptions options(FlytrapProperties properties, BeforeSend beforeSend) {
        FlytrapOptions options = new FlytrapOptions();
        options.setDsn(properties.getDsn());
        options.setRelease(properties.getRelease());
        options.setEnvironment(properties.getEnvironment());
        options.setServerName(properties.getServerName());
        options.setInAppPackages(properties.getInAppPackages());
        options.setSendDefaultPii(properties.isSendDefaultPii());
        options.setMaxQueueSize(Math.max(1, properties.getMaxQueueSize()));
        options.setMaxBreadcrumbs(properties.getMaxBreadcrumbs());
        options.setUncaughtExceptionHandler(properties.isUncaughtExceptionHandler());
        options.setShutdownTimeout(properties.getShutdownTimeout());
        // destroy() flushes and closes after the web server's graceful shutdown; the SDK's own hook would race it
        options.setShutdownHook(properties.isShutdownHook());
        options.setBeforeSend(beforeSend);
        return options;
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
