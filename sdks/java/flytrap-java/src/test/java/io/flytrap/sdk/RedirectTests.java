package io.flytrap.sdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flytrap.sdk.testing.ProtocolSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #20 item 3: an ingest URL that redirects (a sign-in filter answering 302 to /login, a moved host) is not a
 * delivery. Before, the JDK client did not follow the redirect but the SDK counted the 3xx as a refusal and dropped
 * the event for good. Now the redirect's target is never requested, the event is retried like after a 5xx (same
 * event id), and it is delivered once when the ingest URL answers 200 again.
 */
class RedirectTests {

    /** One request as the server saw it. */
    record Hit(String method, String path, String eventId) {
    }

    HttpServer server;
    final List<Hit> hits = new CopyOnWriteArrayList<>();
    /** Statuses POST /api/errors answers in turn; 200 when used up. Every other path answers 200. */
    final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        Flytrap.close(Duration.ofMillis(500));
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            String eventId = body.length == 0 ? null : ProtocolSchema.read(body).path("data").path("event_id").asString();
            hits.add(new Hit(exchange.getRequestMethod(), path, eventId));
            Integer scripted = path.equals("/api/errors") ? script.poll() : null;
            int status = scripted == null ? 200 : scripted;
            if (status >= 300 && status < 400) {
                exchange.getResponseHeaders().add("Location", "/login");
            }
            // the sign-in page answers 200 with a body: following the redirect would look like a delivery
            byte[] reply = status == 200 ? "<html>Sign in</html>".getBytes() : new byte[0];
            exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
            if (reply.length > 0) {
                exchange.getResponseBody().write(reply);
            }
        }
    }

    void init(int maxAttempts) {
        assertThat(Flytrap.init(options -> {
            options.setMaxAttempts(maxAttempts);
            options.setDsn("http://public-key@127.0.0.1:" + server.getAddress().getPort() + "/1");
            options.setUncaughtExceptionHandler(false);
            options.setRetryBackoff(Duration.ofMillis(50));
            options.setSendTimeout(Duration.ofSeconds(2));
        })).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void shouldNotFollowARedirectButRetryTheSameEventUntilTheIngestUrlAnswers200(int status) throws Exception {
        script.add(status);
        init(5);

        String id = Flytrap.captureMessage("behind a sign-in redirect");

        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(hits).as("never a request to the redirect's target, only the event again, with its first id")
                .containsExactly(new Hit("POST", "/api/errors", id), new Hit("POST", "/api/errors", id));
        FlytrapStats stats = Flytrap.stats();
        assertThat(stats.sent()).as("delivered once, by the 200").isEqualTo(1);
        assertThat(stats.refused()).as("a redirect is not a refusal that drops the event").isZero();
        assertThat(stats.failed()).isZero();
    }

    @Test
    void shouldNotCountAnEventDeliveredWhileEveryAnswerIsARedirectAndGiveUpAfterTheLastAttempt() throws Exception {
        for (int i = 0; i < 10; i++) {
            script.add(302);
        }
        init(3);

        Flytrap.captureMessage("always redirected");

        assertThat(Flytrap.flush(Duration.ofSeconds(10))).isTrue();
        FlytrapStats stats = Flytrap.stats();
        assertThat(stats.sent()).as("a redirect is never a delivery").isZero();
        assertThat(stats.failed()).as("given up after the last retry, as after 5xx").isEqualTo(1);
        assertThat(hits).as("every attempt at the ingest URL, none at /login")
                .hasSize(3)
                .allSatisfy(hit -> assertThat(hit.path()).isEqualTo("/api/errors"));
    }
}
