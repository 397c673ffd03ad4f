package io.flytrap.core.alerts.channels;

import io.flytrap.core.alerts.AlertContent;
import io.flytrap.core.alerts.AlertMessage;
import io.flytrap.core.alerts.AlertSender;
import io.flytrap.core.alerts.ChannelKind;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/** A Slack incoming webhook: one mrkdwn message with the event's text escaped. */
@Component
class SlackSender implements AlertSender {

    private final AlertHttp http;
    private final JsonMapper json = JsonMapper.builder().build();

    SlackSender(AlertHttp http) {
        this.http = http;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.SLACK;
    }

    @Override
    public void send(Destination destination, AlertMessage message) throws Exception {
        http.postJson(destination.url(), json.writeValueAsString(Map.of("text", AlertContent.slack(message),
                "unfurl_links", false)), Map.of());
    }
}
