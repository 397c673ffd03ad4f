package io.flytrap.sdk.spring.logback;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.flytrap.sdk.logback.FlytrapAppender;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/** Attaches a {@link FlytrapAppender} to Logback's root logger for the life of the application context. */
public final class FlytrapLogback implements DisposableBean {

    private final FlytrapAppender appender;
    private final Logger root;

    public FlytrapLogback(String minimumBreadcrumbLevel) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            appender = new FlytrapAppender();
            appender.setName("FLYTRAP");
            appender.setContext(context);
            appender.setMinimumBreadcrumbLevel(minimumBreadcrumbLevel);
            appender.start();
            root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.addAppender(appender);
        } else {
            appender = null; // SLF4J is bound to something else: nothing to attach to
            root = null;
        }
    }

    public boolean isAttached() {
        return appender != null && root.isAttached(appender);
    }

    @Override
    public void destroy() {
        if (appender != null) {
            root.detachAppender(appender);
            appender.stop();
        }
    }
}
