package io.flytrap.sdk.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A Flytrap ingest endpoint on 127.0.0.1 that answers as scripted (a status, a Retry-After, a delay) and records
 * what it receives, each body checked against the protocol's JSON Schema.
 */
public final class Receiver implements AutoCloseable {

    /** One scripted answer; when the script is used up, the receiver answers 200. */
    public record Answer(int status, String retryAfter, Duration delay) {
        public static Answer status(int status) {
            return new Answer(status, null, Duration.ZERO);
        }
    }

    /** What arrived, when (System.nanoTime), with which API key. */
    public record Received(JsonNode body, long arrivedNanos, String apiKey, String path) {
        public JsonNode data() {
            return body.path("data");
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> schemaErrors = new CopyOnWriteArrayList<>();

    public Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public Receiver answer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    public String dsn(long projectId) {
        return "http://public-key@127.0.0.1:" + server.getAddress().getPort() + "/" + projectId;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Every body received so far that the JSON Schema refused, with the reasons. */
    public List<String> schemaErrors() {
        return new ArrayList<>(schemaErrors);
    }

    /** Waits until at least {@code count} bodies arrived, at most the timeout. */
    public List<Received> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return received();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            long arrived = System.nanoTime();
            Answer answer = script.poll();
            if (answer == null) {
                answer = Answer.status(200);
            }
            JsonNode json = ProtocolSchema.read(body);
            List<String> errors = ProtocolSchema.validate(json);
            if (!errors.isEmpty()) {
                schemaErrors.add(errors + " in " + new String(body, java.nio.charset.StandardCharsets.UTF_8));
            }
            received.add(new Received(json, arrived, exchange.getRequestHeaders().getFirst("x-api-key"),
                    exchange.getRequestURI().getPath()));
            if (!answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay().toMillis()); // kept: a deliberately slow server is the scenario
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            byte[] reply = answer.status() < 300 ? "{\"id\":\"ok\"}".getBytes() : new byte[0];
            exchange.sendResponseHeaders(answer.status(), reply.length == 0 ? -1 : reply.length);
            if (reply.length > 0) {
                exchange.getResponseBody().write(reply);
            }
        } catch (IOException | RuntimeException clientWentAway) {
            // a client that timed out closed the connection first; what it sent is recorded already
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    public static Map<String, String> headers(String... pairs) {
        java.util.LinkedHashMap<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
