package io.flytrap.sdk;

import io.flytrap.sdk.testing.Receiver;
import io.flytrap.sdk.testing.Receiver.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Delivery against a local server that misbehaves: refuses, stalls, fails, rate-limits, rejects. */
class DeliveryTests {

    Receiver receiver;

    @AfterEach
    void stop() {
        Flytrap.close(Duration.ofMillis(500));
        if (receiver != null) {
            receiver.close();
        }
    }

    static void init(String dsn, Consumer<FlytrapOptions> more) {
        assertThat(Flytrap.init(options -> {
            options.setDsn(dsn);
            options.setUncaughtExceptionHandler(false);
            options.setRetryBackoff(Duration.ofMillis(50));
            options.setSendTimeout(Duration.ofMillis(500));
            more.accept(options);
        })).isTrue();
    }

    /** A port nothing listens on: connections are refused. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void shouldRetryARefusedConnectionThenGiveUpWithoutBotheringTheApp() throws Exception {
        init("http://key@127.0.0.1:" + closedPort() + "/1", options -> options.setMaxAttempts(3));

        assertThat(Flytrap.captureException(new IllegalStateException("server is down"))).isNotNull();

        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(Flytrap.stats().failed()).isEqualTo(1);
        assertThat(Flytrap.stats().sent()).isZero();
    }

    @Test
    void shouldRetryAfterASlowAnswerBeyondTheTimeout() throws Exception {
        receiver = new Receiver().answer(new Answer(200, null, Duration.ofSeconds(2)));
        init(receiver.dsn(1), options -> { });

        String id = Flytrap.captureException(new IllegalStateException("slow"));

        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        List<Receiver.Received> received = receiver.received();
        assertThat(received).as("the stalled attempt, then the retry").hasSize(2)
                .allSatisfy(r -> assertThat(r.data().path("event_id").asString()).as("same id: stored once").isEqualTo(id));
        assertThat(Flytrap.stats().sent()).isEqualTo(1);
    }

    @Test
    void shouldRetryA500AndThenSucceed() throws Exception {
        receiver = new Receiver().answer(Answer.status(500), Answer.status(503));
        init(receiver.dsn(1), options -> { });

        String id = Flytrap.captureException(new IllegalStateException("flaky server"));

        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(receiver.received()).hasSize(3)
                .allSatisfy(r -> assertThat(r.data().path("event_id").asString()).isEqualTo(id));
        long first = receiver.received().get(0).arrivedNanos();
        long third = receiver.received().get(2).arrivedNanos();
        assertThat(Duration.ofNanos(third - first)).as("backed off 25–50 ms, then 50–100 ms")
                .isGreaterThanOrEqualTo(Duration.ofMillis(75));
        assertThat(Flytrap.stats().sent()).isEqualTo(1);
        assertThat(Flytrap.stats().failed()).isZero();
    }

    @Test
    void shouldKeepTheEventIdWhenRetryingAfterAConnectionReset() throws Exception {
        // Issue #20 item 7: the server may have stored the event before the connection was reset; it deduplicates by
        // event id, so the retry must carry the first attempt's id, never a new one
        List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                try {
                    for (int connection = 0; connection < 2; connection++) {
                        try (java.net.Socket socket = server.accept()) {
                            bodies.add(readRequestBody(socket.getInputStream()));
                            if (connection == 0) {
                                socket.setSoLinger(true, 0); // close with an RST once the whole event has arrived
                            } else {
                                socket.getOutputStream().write(
                                        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                            }
                        }
                    }
                } catch (IOException stopped) {
                    // the test ends by closing the server socket
                }
            });
            peer.start();
            init("http://key@127.0.0.1:" + server.getLocalPort() + "/1", options -> { });

            String id = Flytrap.captureMessage("reset after the server read it");

            assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(bodies).as("the reset attempt, then the retry").hasSize(2)
                    .allSatisfy(body -> assertThat(body).contains("\"event_id\":\"" + id + "\""));
            assertThat(Flytrap.stats().sent()).isEqualTo(1);
            peer.join(2000);
        }
    }

    /** Reads one HTTP/1.1 request's head and its Content-Length body, returning the body. */
    private static String readRequestBody(java.io.InputStream in) throws IOException {
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            head.write(c);
            String text = head.toString(java.nio.charset.StandardCharsets.US_ASCII);
            if (text.endsWith("\r\n\r\n")) {
                java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(text);
                int size = length.find() ? Integer.parseInt(length.group(1)) : 0;
                return new String(in.readNBytes(size), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    @Test
    void shouldSendNothingUntilRetryAfterHasPassed() throws Exception {
        receiver = new Receiver().answer(new Answer(429, "1", Duration.ZERO));
        init(receiver.dsn(1), options -> { });

        Flytrap.captureException(new IllegalStateException("first"));
        receiver.await(1, Duration.ofSeconds(2));
        Flytrap.captureException(new IllegalStateException("second"));
        assertThat(Flytrap.flush(Duration.ofMillis(700))).as("still paused").isFalse();
        assertThat(receiver.received()).as("nothing sent while rate limited").hasSize(1);

        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        List<Receiver.Received> received = receiver.received();
        assertThat(received).hasSize(3);
        assertThat(Duration.ofNanos(received.get(1).arrivedNanos() - received.get(0).arrivedNanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        assertThat(received.get(1).data().path("exception").path("values").get(0).path("value").asString()).isEqualTo("first");
        assertThat(Flytrap.stats().sent()).isEqualTo(2);
    }

    @Test
    void shouldDiscardAn4xxWithoutRetrying() throws Exception {
        receiver = new Receiver().answer(Answer.status(400));
        // A send timeout well above a cold JVM's first request on a busy machine: a timed-out first attempt is
        // retried (rightly) and would look like a retried 400
        init(receiver.dsn(1), options -> options.setSendTimeout(Duration.ofSeconds(5)));

        Flytrap.captureException(new IllegalStateException("refused"));
        Flytrap.captureException(new IllegalStateException("accepted"));

        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(receiver.received()).extracting(r -> r.data().path("exception").path("values").get(0).path("value").asString())
                .containsExactly("refused", "accepted");
        assertThat(Flytrap.stats().refused()).isEqualTo(1);
        assertThat(Flytrap.stats().sent()).isEqualTo(1);
    }

    @Test
    void shouldSendWhatIsQueuedOnClose() throws Exception {
        receiver = new Receiver();
        init(receiver.dsn(1), options -> { });
        for (int i = 0; i < 20; i++) {
            Flytrap.captureMessage("message " + i);
        }

        assertThat(Flytrap.close(Duration.ofSeconds(5))).isTrue();

        assertThat(receiver.received()).hasSize(20);
        assertThat(Flytrap.isEnabled()).isFalse();
        assertThat(Flytrap.captureMessage("after close")).isNull();
    }

    @Test
    void shouldReturnFromCloseWithinTheTimeoutWhenTheServerStalls() throws Exception {
        receiver = new Receiver().answer(new Answer(200, null, Duration.ofSeconds(3)));
        init(receiver.dsn(1), options -> options.setSendTimeout(Duration.ofSeconds(10)));
        Flytrap.captureMessage("stuck");
        receiver.await(1, Duration.ofSeconds(2));

        long start = System.nanoTime();
        assertThat(Flytrap.close(Duration.ofMillis(300))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }
}
