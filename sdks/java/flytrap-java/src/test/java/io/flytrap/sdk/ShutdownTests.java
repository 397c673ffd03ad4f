package io.flytrap.sdk;

import io.flytrap.sdk.testing.Receiver;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A real JVM that crashes: the shutdown hook sends what was queued, and the JVM still behaves as without the SDK. */
class ShutdownTests {

    @Test
    void shouldSendQueuedEventsOnShutdownAndKeepTheJvmsOwnCrashBehaviour() throws Exception {
        try (Receiver receiver = new Receiver()) {
            String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ShutdownApp.class.getName(), receiver.dsn(11)).redirectErrorStream(true).start();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(process.exitValue()).as("the JVM's exit code for an uncaught exception in main: %s", output).isEqualTo(1);
            assertThat(output).as("printed as the JVM prints it").contains("Exception in thread \"main\" java.lang.IllegalStateException: main thread crashed");
            List<Receiver.Received> received = receiver.await(2, Duration.ofSeconds(1));
            assertThat(received).extracting(r -> r.data().path("exception").path("values").get(0).path("value").asString()
                            + "/" + r.data().path("handled").asBoolean())
                    .containsExactlyInAnyOrder("handled before the crash/true", "main thread crashed/false");
            assertThat(receiver.schemaErrors()).isEmpty();
        }
    }
}
