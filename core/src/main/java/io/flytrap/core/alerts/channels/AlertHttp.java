package io.flytrap.core.alerts.channels;

import io.flytrap.core.alerts.AlertSender.PermanentFailure;
import io.flytrap.core.alerts.TargetGuard;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Posts alert JSON to chat and webhook URLs: the target is checked again right before sending (its DNS may have
 * changed since it was saved), redirects are never followed (a redirect could point inside), and timeouts are
 * short so a slow receiver cannot hold the dispatcher.
 */
@Component
public class AlertHttp {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final TargetGuard guard;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(CONNECT_TIMEOUT).build();

    public AlertHttp(TargetGuard guard) {
        this.guard = guard;
    }

    /** 2xx is delivered; 429, 5xx and network failures throw IOException (retried); other answers are permanent. */
    public void postJson(String url, String json, Map<String, String> headers) throws IOException, InterruptedException, PermanentFailure {
        URI target;
        try {
            target = guard.check(url);
        } catch (IllegalArgumentException refused) {
            throw new PermanentFailure("target refused: " + refused.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(REQUEST_TIMEOUT)
                .header("content-type", "application/json").header("user-agent", "Flytrap-Alerts")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        if (status == 429 || status >= 500) {
            throw new IOException("the receiver answered " + status);
        }
        throw new PermanentFailure("the receiver answered " + status + (status >= 300 && status < 400 ? " (redirects are not followed)" : ""));
    }
}
