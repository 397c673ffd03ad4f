package io.flytrap.functions.lambda;

import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * AWS's own sample events (src/test/resources/events, see its README for the repository, path and commit of
 * each), with only the values a test needs replaced: what the Lambda functions receive in production, not what
 * we think they receive.
 */
public final class CapturedAwsEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CapturedAwsEvents() {
    }

    /** One SQS message as the event source mapping hands it over. */
    public record SqsRecord(String messageId, String receiptHandle, String body) {
    }

    private static ObjectNode captured(String name) {
        try (InputStream in = CapturedAwsEvents.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no captured event " + name);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An API Gateway HTTP API request (payload format 2.0). Header names in lower case and the query both raw and
     * parsed, as API Gateway sends them; a body with a Content-Encoding is binary to API Gateway, so Base64.
     */
    public static ObjectNode httpApiRequest(String method, String path, String rawQuery, Map<String, String> headers,
                                            byte[] body) {
        ObjectNode event = captured("apigw_http_event.json");
        event.put("rawPath", path);
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        event.remove("queryStringParameters");
        if (rawQuery != null && !rawQuery.isEmpty()) {
            ObjectNode parameters = event.putObject("queryStringParameters");
            UriComponentsBuilder.newInstance().query(rawQuery).build().getQueryParams()
                    .forEach((name, values) -> parameters.put(name, String.join(",", values)));
        }
        ObjectNode eventHeaders = event.putObject("headers");
        headers.forEach((name, value) -> eventHeaders.put(name.toLowerCase(java.util.Locale.ROOT), value));
        ObjectNode http = (ObjectNode) event.path("requestContext").path("http");
        http.put("method", method);
        http.put("path", path);
        boolean binary = headers.keySet().stream().anyMatch("content-encoding"::equalsIgnoreCase);
        if (body == null || body.length == 0) {
            event.remove("body");
            event.put("isBase64Encoded", false);
        } else {
            event.put("body", binary ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8));
            event.put("isBase64Encoded", binary);
        }
        return event;
    }

    /** An SQS batch: the captured record once per message, with that message's id, receipt handle and body. */
    public static ObjectNode sqsBatch(List<SqsRecord> messages) {
        ObjectNode event = captured("sqs_event.json");
        ObjectNode template = (ObjectNode) event.path("Records").get(0);
        ArrayNode records = event.putArray("Records");
        for (SqsRecord message : messages) {
            ObjectNode record = template.deepCopy();
            record.put("messageId", message.messageId()).put("receiptHandle", message.receiptHandle())
                    .put("body", message.body()).put("md5OfBody", md5(message.body()));
            records.add(record);
        }
        return event;
    }

    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
