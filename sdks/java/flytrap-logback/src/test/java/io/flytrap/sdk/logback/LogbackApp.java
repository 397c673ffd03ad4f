package io.flytrap.sdk.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logback configured as a plain app configures it: SLF4J's own LoggerContext, read from a logback.xml (one of this
 * module's test resources, with the receiver's DSN as the property FLYTRAP_DSN). No Spring anywhere.
 */
final class LogbackApp {

    private LogbackApp() {
    }

    static LoggerContext configure(String resource, String dsn) throws JoranException {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        context.getStatusManager().clear();
        context.putProperty("FLYTRAP_DSN", dsn);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogbackApp.class.getResource(resource));
        // a misspelt element or a setter Joran cannot call is only a warning in Logback's status, never an exception
        assertThat(context.getStatusManager().getCopyOfStatusList()).as("Logback's configuration status")
                .filteredOn(status -> status.getLevel() >= Status.WARN).extracting(Status::getMessage).isEmpty();
        return context;
    }
}
