package io.flytrap.sdk.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.flytrap.sdk.Breadcrumb;
import io.flytrap.sdk.EventHint;
import io.flytrap.sdk.Flytrap;
import io.flytrap.sdk.FlytrapOptions;

import java.time.Instant;
import java.util.Map;

/**
 * ERROR log events become Flytrap events (with their exception when they carry one); lower levels, from the
 * configured minimum, become breadcrumbs. The SDK's own log lines (logger "io.flytrap.sdk", the sender thread) are
 * skipped, and a log call made while this appender is already running on the same thread is ignored, so the SDK
 * can never feed on its own output.
 *
 * <p>In a plain Logback app the appender can also start the SDK: give it {@code <options>} with at least a
 * {@code <dsn>} in logback.xml (any {@link FlytrapOptions} setter taking text, a number or a boolean, and
 * {@code <inAppPackage>} once per package). The SDK is then initialised when the appender starts and closed when
 * it stops. Without options, or when the app initialised the SDK already, the appender only reports through it.
 */
public final class FlytrapAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private static final ThreadLocal<Boolean> APPENDING = new ThreadLocal<>();

    private Level minimumBreadcrumbLevel = Level.INFO;
    private FlytrapOptions options;
    private boolean initialisedHere;

    public void setMinimumBreadcrumbLevel(String level) {
        this.minimumBreadcrumbLevel = Level.toLevel(level, Level.INFO);
    }

    /** The SDK's settings, for an app where nothing else initialises it (Joran fills them from logback.xml). */
    public void setOptions(FlytrapOptions options) {
        this.options = options;
    }

    @Override
    public void start() {
        if (options != null && options.getDsn() != null && !Flytrap.isEnabled()) {
            initialisedHere = Flytrap.init(options);
            if (!initialisedHere) {
                addWarn("Flytrap was not initialised from this appender's options; see the io.flytrap.sdk log");
            }
        }
        super.start();
    }

    @Override
    public void stop() {
        super.stop();
        if (initialisedHere) {
            initialisedHere = false;
            Flytrap.close(); // sends what is queued, within the configured shutdown timeout
        }
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
