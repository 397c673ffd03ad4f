package io.flytrap.functions.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for AWS Secrets Manager, written for these tests: no Secrets Manager emulator is available on the
 * build machines, and the point is that the real AWS SDK client (the one Spring Cloud AWS builds) does the request.
 * It answers the service's actual wire protocol for the one call Flytrap makes — AWS JSON 1.1, a POST to "/" with
 * {@code X-Amz-Target: secretsmanager.GetSecretValue} and {@code {"SecretId": ...}} — with the response and error
 * shapes the service documents ({@code __type} ResourceNotFoundException / AccessDeniedException). It checks no
 * signature; everything else about the client (endpoint, region, serialization, error mapping) is the SDK's own.
 */
public final class LocalSecretsManager implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final List<String> requestedIds = new CopyOnWriteArrayList<>();

    public LocalSecretsManager() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A secret as the database module stores it: JSON with username, password, host, port and dbname. */
    public String putSecret(String arn, String secretString) {
        secrets.put(arn, secretString);
        return arn;
    }

    /** Answers GetSecretValue for this id as AWS does when the caller's role lacks the permission. */
    public void deny(String arn) {
        denied.add(arn);
    }

    /** The SecretId of every GetSecretValue received, in order. */
    public List<String> requestedIds() {
        return List.copyOf(requestedIds);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod()) || !"secretsmanager.GetSecretValue".equals(target)) {
                error(exchange, "UnknownOperationException", "only GetSecretValue is served here, not " + target);
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String id = request.path("SecretId").asString();
            requestedIds.add(id);
            if (denied.contains(id)) {
                error(exchange, "AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/flytrap-ingest/flytrap-ingest "
                        + "is not authorized to perform: secretsmanager:GetSecretValue on resource: " + id
                        + " because no identity-based policy allows the secretsmanager:GetSecretValue action");
                return;
            }
            String value = secrets.get(id);
            if (value == null) {
                error(exchange, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
                return;
            }
            ObjectNode answer = JSON.createObjectNode();
            answer.put("ARN", id).put("Name", id.substring(id.lastIndexOf(':') + 1)).put("SecretString", value)
                    .put("VersionId", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0").put("CreatedDate", 1.7956788E9);
            answer.putArray("VersionStages").add("AWSCURRENT");
            send(exchange, 200, answer);
        }
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        send(exchange, 400, JSON.createObjectNode().put("__type", type).put("Message", message));
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().add("x-amzn-RequestId", "local-" + System.nanoTime());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
