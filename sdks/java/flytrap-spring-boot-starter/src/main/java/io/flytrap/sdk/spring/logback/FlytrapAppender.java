package io.flytrap.sdk.spring.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.flytrap.sdk.Breadcrumb;
import io.flytrap.sdk.EventHint;
import io.flytrap.sdk.Flytrap;

import java.time.Instant;
import java.util.Map;

/**
 * ERROR log events become Flytrap events (with their exception when they carry one); lower levels, from the
 * configured minimum, become breadcrumbs. The SDK's own log lines (logger "io.flytrap.sdk", the sender thread) are
 * skipped, and a log call made while this appender is already running on the same thread is ignored, so the SDK
 * can never feed on its own output.
 */
public final class FlytrapAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private static final ThreadLocal<Boolean> APPENDING = new ThreadLocal<>();

    private Level minimumBreadcrumbLevel = Level.INFO;

    public void setMinimumBreadcrumbLevel(String level) {
        this.minimumBreadcrumbLevel = Level.toLevel(level, Level.INFO);
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (APPENDING.get() != null || isSdkOwn(event)) {
            return;
        }
        APPENDING.set(Boolean.TRUE);
        try {
            Level level = event.getLevel();
            if (level.isGreaterOrEqual(Level.ERROR)) {
                EventHint hint = EventHint.builder().mechanism("logback", true).tag("logger", event.getLoggerName()).build();
                IThrowableProxy proxy = event.getThrowableProxy();
                if (proxy instanceof ThrowableProxy thrown) {
                    Flytrap.captureException(thrown.getThrowable(), hint);
                } else {
                    Flytrap.captureMessage(event.getFormattedMessage(), io.flytrap.sdk.Level.ERROR, hint);
                }
            } else if (level.isGreaterOrEqual(minimumBreadcrumbLevel)) {
                Flytrap.addBreadcrumb(new Breadcrumb(Instant.ofEpochMilli(event.getTimeStamp()), "default",
                        event.getLoggerName(), event.getFormattedMessage(), level(level), Map.of("thread", event.getThreadName())));
            }
        } catch (RuntimeException ignored) {
            // a log call must never fail because of the SDK
        } finally {
            APPENDING.remove();
        }
    }

    private static boolean isSdkOwn(ILoggingEvent event) {
        String logger = event.getLoggerName();
        // appending runs on the logging thread; the SDK's threads by identity, so an app's own "flytrap-…"
        // threads (Flytrap's embedded pool, for one) are still reported
        return (logger != null && logger.startsWith("io.flytrap.sdk")) || Flytrap.isSdkThread(Thread.currentThread());
    }

    private static io.flytrap.sdk.Level level(Level level) {
        if (level.isGreaterOrEqual(Level.WARN)) {
            return io.flytrap.sdk.Level.WARNING;
        }
        return level.isGreaterOrEqual(Level.INFO) ? io.flytrap.sdk.Level.INFO : io.flytrap.sdk.Level.DEBUG;
    }
}
