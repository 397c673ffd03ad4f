package io.flytrap.core.alerts.channels;

import io.flytrap.core.alerts.AlertMessage;
import io.flytrap.core.alerts.AlertSender;
import io.flytrap.core.alerts.ChannelKind;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A generic JSON webhook, signed so receivers can trust it: {@code X-Flytrap-Timestamp} (Unix seconds) and
 * {@code X-Flytrap-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the channel's secret>}.
 * Receivers recompute the HMAC over the raw body, compare in constant time and reject old timestamps (replays);
 * {@code X-Flytrap-Delivery} is the same on every retry of one alert, so a receiver can drop a repeat.
 */
@Component
public class WebhookSender implements AlertSender {

    public static final String TIMESTAMP_HEADER = "X-Flytrap-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Flytrap-Signature";
    public static final String DELIVERY_HEADER = "X-Flytrap-Delivery";

    private final AlertHttp http;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    WebhookSender(AlertHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.WEBHOOK;
    }

    @Override
    public void send(Destination destination, AlertMessage message) throws Exception {
        String body = json.writeValueAsString(payload(message));
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        http.postJson(destination.url(), body, Map.of(TIMESTAMP_HEADER, timestamp, DELIVERY_HEADER,
                Long.toString(destination.deliveryId()), SIGNATURE_HEADER, "sha256=" + sign(destination.secret(), timestamp + "." + body)));
    }

    public static String sign(String secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static Map<String, Object> payload(AlertMessage message) {
        Map<String, Object> project = Map.of("id", message.projectId(), "name", message.projectName());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", "flytrap.alert");
        payload.put("reason", message.reason());
        payload.put("project", project);
        if (message.issueId() != null) {
            Map<String, Object> issue = new LinkedHashMap<>();
            issue.put("id", message.issueId());
            issue.put("title", message.title());
            issue.put("culprit", message.culprit());
            issue.put("level", message.level());
            issue.put("environment", message.environment());
            issue.put("release", message.release());
            issue.put("eventCount", message.eventCount());
            issue.put("firstSeen", message.firstSeen().toString());
            issue.put("lastSeen", message.lastSeen().toString());
            issue.put("url", message.link());
            payload.put("issue", issue);
        }
        return payload;
    }
}
