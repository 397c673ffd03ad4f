package io.flytrap.sdk.logback;

import ch.qos.logback.classic.LoggerContext;
import io.flytrap.sdk.Flytrap;
import io.flytrap.sdk.testing.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A plain Logback app whose only Flytrap setup is the appender's options in logback.xml. */
class LogbackXmlSetupTests {

    static final Logger LOG = LoggerFactory.getLogger("com.example.shop.Nightly");

    Receiver receiver;
    LoggerContext logback;

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver();
        logback = LogbackApp.configure("/appender-initialises-sdk.xml", receiver.dsn(5));
    }

    @AfterEach
    void stop() {
        logback.reset();
        Flytrap.close(Duration.ofSeconds(1));
        receiver.close();
    }

    @Test
    void shouldStartTheSdkFromTheAppendersOptions() throws Exception {
        assertThat(Flytrap.isEnabled()).as("initialised when Logback started the appender").isTrue();
        LOG.info("below the minimum breadcrumb level");
        LOG.warn("retrying the export");
        failNightlyExport();

        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(receiver.received()).hasSize(1);
        assertThat(receiver.schemaErrors()).isEmpty();
        assertThat(receiver.received().get(0).apiKey()).isEqualTo("public-key");
        JsonNode event = receiver.received().get(0).data();
        assertThat(event.path("project_id").asLong()).isEqualTo(5);
        assertThat(event.path("release").asString()).isEqualTo("shop@2.0.1");
        assertThat(event.path("environment").asString()).isEqualTo("staging");
        assertThat(event.path("server_name").asString()).isEqualTo("batch-3");
        assertThat(event.path("breadcrumbs").valueStream().map(crumb -> crumb.path("message").asString()))
                .containsExactly("retrying the export");
        JsonNode exception = event.path("exception").path("values").get(0);
        assertThat(exception.path("value").asString()).isEqualTo("export server gone");
        JsonNode frames = exception.path("stacktrace").path("frames");
        JsonNode thrower = frames.get(frames.size() - 1);
        assertThat(thrower.path("function").asString()).isEqualTo("failNightlyExport");
        assertThat(thrower.path("in_app").asBoolean()).as("<inAppPackage> from logback.xml").isTrue();
        assertThat(frames.get(0).path("in_app").asBoolean()).as("the thread's entry point, outside the app").isFalse();
    }

    @Test
    void shouldCloseTheSdkItStartedWhenLogbackStops() throws Exception {
        LOG.error("last words before shutdown");

        logback.reset(); // what LoggerContext.stop() and Logback's shutdown hook do to every appender

        assertThat(Flytrap.isEnabled()).isFalse();
        assertThat(receiver.received()).as("sent while closing, not lost").hasSize(1);
        assertThat(receiver.received().get(0).data().path("message").asString()).isEqualTo("last words before shutdown");
    }

    private static void failNightlyExport() {
        LOG.error("nightly export failed", new IllegalStateException("export server gone"));
    }
}
