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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logback through SLF4J, as an app logs, with the appender in its logback.xml and the SDK initialised by the app's
 * code: ERROR becomes an event, lower levels breadcrumbs, the SDK's own lines nothing.
 */
class FlytrapAppenderTests {

    static final Logger LOG = LoggerFactory.getLogger("com.example.shop.Checkout");

    Receiver receiver;
    LoggerContext logback;

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver();
        assertThat(Flytrap.init(options -> {
            options.setDsn(receiver.dsn(2));
            options.setUncaughtExceptionHandler(false);
            options.setBeforeSend((event, original) -> {
                // logged on the sender thread while an event is built: must not come back as another event
                LoggerFactory.getLogger("com.example.shop.Hook").error("hook saw an event", new IllegalStateException("from hook"));
                return event;
            });
        })).isTrue();
        logback = LogbackApp.configure("/app-initialises-sdk.xml", receiver.dsn(2));
    }

    @AfterEach
    void stop() {
        logback.reset();
        assertThat(Flytrap.isEnabled()).as("an SDK the app initialised is the app's to close").isTrue();
        Flytrap.close(Duration.ofSeconds(1));
        receiver.close();
    }

    @Test
    void shouldTurnErrorsIntoEventsAndLowerLevelsIntoBreadcrumbs() throws Exception {
        LOG.debug("too chatty to keep");
        LOG.info("cart {} loaded", 17);
        LOG.warn("stock low");
        LOG.error("checkout failed", new IllegalStateException("card declined"));
        LOG.error("no exception here");
        LoggerFactory.getLogger("io.flytrap.sdk").error("the SDK's own line", new IllegalStateException("sdk"));

        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        List<Receiver.Received> received = receiver.received();
        assertThat(received).hasSize(2);
        assertThat(receiver.schemaErrors()).isEmpty();
        JsonNode first = received.get(0).data();
        assertThat(first.path("exception").path("values").get(0).path("value").asString()).isEqualTo("card declined");
        assertThat(first.path("exception").path("values").get(0).path("mechanism").path("type").asString()).isEqualTo("logback");
        assertThat(first.path("tags").path("logger").asString()).isEqualTo("com.example.shop.Checkout");
        assertThat(first.path("breadcrumbs").valueStream().map(crumb -> crumb.path("message").asString() + "/" + crumb.path("level").asString()))
                .containsExactly("cart 17 loaded/info", "stock low/warning");
        JsonNode second = received.get(1).data();
        assertThat(second.path("message").asString()).isEqualTo("no exception here");
        assertThat(second.path("level").asString()).isEqualTo("error");
    }

    @Test
    void shouldReportAnAppThreadWhoseNameMerelyStartsWithFlytrap() throws Exception {
        Thread embedded = new Thread(() -> LOG.error("query failed", new IllegalStateException("from the pool")),
                "flytrap-embedded-1");
        embedded.start();
        embedded.join();

        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(receiver.received()).hasSize(1);
        assertThat(receiver.received().get(0).data().path("exception").path("values").get(0).path("value").asString())
                .isEqualTo("from the pool");
    }
}
