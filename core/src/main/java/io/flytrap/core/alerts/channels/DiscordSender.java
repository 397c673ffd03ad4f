package io.flytrap.core.alerts.channels;

import io.flytrap.core.alerts.AlertContent;
import io.flytrap.core.alerts.AlertMessage;
import io.flytrap.core.alerts.AlertSender;
import io.flytrap.core.alerts.ChannelKind;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/** A Discord webhook: one message, Markdown escaped and mentions disabled (no @everyone from an event title). */
@Component
class DiscordSender implements AlertSender {

    static final int MAX_CONTENT = 2000; // Discord's limit for a message

    private final AlertHttp http;
    private final JsonMapper json = JsonMapper.builder().build();

    DiscordSender(AlertHttp http) {
        this.http = http;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.DISCORD;
    }

    @Override
    public void send(Destination destination, AlertMessage message) throws Exception {
        String content = AlertContent.discord(message);
        if (content.length() > MAX_CONTENT) {
            content = content.substring(0, MAX_CONTENT - 1) + "…";
        }
        http.postJson(destination.url(), json.writeValueAsString(Map.of("content", content,
                "allowed_mentions", Map.of("parse", List.of()))), Map.of());
    }
}
