package io.flytrap.functions.alerts;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A local endpoint that speaks enough of SNS's query protocol (form-encoded requests, XML answers) for the calls
 * Flytrap makes, and records them. No SNS emulator runs here (LocalStack needs Docker; moto needs PyPI), so this
 * stand-in is the peer; it checks what the real AWS SDK sends, not how AWS behaves. Subscriptions count as
 * confirmed at once.
 */
final class RecordingSns implements AutoCloseable {

    static final String ACCOUNT = "123456789012";

    final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();
    /** topic ARN → (e-mail → subscription ARN) */
    final Map<String, Map<String, String>> topics = new ConcurrentHashMap<>();
    private final HttpServer server;

    RecordingSns() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            calls.add(form);
            byte[] answer = answer(form).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "text/xml");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Map<String, String>> calls(String action) {
        return calls.stream().filter(call -> action.equals(call.get("Action"))).toList();
    }

    private static Map<String, String> parse(String body) {
        return java.util.Arrays.stream(body.split("&")).filter(pair -> !pair.isEmpty()).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> decode(pair[0]), pair -> pair.length > 1 ? decode(pair[1]) : "", (a, b) -> b));
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private String answer(Map<String, String> form) {
        String action = form.get("Action");
        String result = switch (action) {
            case "CreateTopic" -> {
                String arn = "arn:aws:sns:us-east-1:" + ACCOUNT + ":" + form.get("Name");
                topics.computeIfAbsent(arn, key -> new ConcurrentHashMap<>());
                yield "<CreateTopicResult><TopicArn>" + arn + "</TopicArn></CreateTopicResult>";
            }
            case "Subscribe" -> {
                String arn = form.get("TopicArn") + ":" + java.util.UUID.randomUUID();
                topics.computeIfAbsent(form.get("TopicArn"), key -> new ConcurrentHashMap<>()).put(form.get("Endpoint"), arn);
                yield "<SubscribeResult><SubscriptionArn>" + arn + "</SubscriptionArn></SubscribeResult>";
            }
            case "Unsubscribe" -> {
                topics.values().forEach(subscribers -> subscribers.values().remove(form.get("SubscriptionArn")));
                yield "";
            }
            case "ListSubscriptionsByTopic" -> {
                String topic = form.get("TopicArn");
                String members = topics.getOrDefault(topic, Map.of()).entrySet().stream().map(entry ->
                        "<member><TopicArn>" + topic + "</TopicArn><Protocol>email</Protocol><SubscriptionArn>" + entry.getValue()
                                + "</SubscriptionArn><Owner>" + ACCOUNT + "</Owner><Endpoint>" + entry.getKey() + "</Endpoint></member>")
                        .collect(Collectors.joining());
                yield "<ListSubscriptionsByTopicResult><Subscriptions>" + members + "</Subscriptions></ListSubscriptionsByTopicResult>";
            }
            case "Publish" -> "<PublishResult><MessageId>" + java.util.UUID.randomUUID() + "</MessageId></PublishResult>";
            case "DeleteTopic" -> {
                topics.remove(form.get("TopicArn"));
                yield "";
            }
            default -> throw new IllegalStateException("unexpected SNS action " + action);
        };
        return "<" + action + "Response xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">" + result
                + "<ResponseMetadata><RequestId>local</RequestId></ResponseMetadata></" + action + "Response>";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
