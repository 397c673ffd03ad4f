package io.flytrap.core.alerts.channels;

import io.flytrap.core.alerts.AlertSender.PermanentFailure;
import io.flytrap.core.alerts.RefusedTargetException;
import io.flytrap.core.alerts.TargetGuard;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Posts alert JSON to chat and webhook URLs. The HTTP client looks host names up only through {@link TargetGuard},
 * so every address it connects to has just been checked (a DNS answer cannot change between check and connect);
 * redirects are never followed (a redirect could point inside), and timeouts are short so a slow receiver cannot
 * hold the dispatcher.
 */
@Component
public class AlertHttp implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final TargetGuard guard;
    private final CloseableHttpClient http;

    public AlertHttp(TargetGuard guard) {
        this.guard = guard;
        DnsResolver checkedLookup = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) {
                return guard.addressesOf(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host; // only Kerberos asks for it, and alerts never authenticate that way
            }
        };
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(checkedLookup)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(CONNECT_TIMEOUT)).setSocketTimeout(Timeout.of(REQUEST_TIMEOUT))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(REQUEST_TIMEOUT)).build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement().disableAuthCaching()
                .build();
    }

    /** 2xx is delivered; 429, 5xx and network failures throw IOException (retried); other answers are permanent. */
    public void postJson(String url, String json, Map<String, String> headers) throws IOException, PermanentFailure {
        URI target;
        try {
            target = guard.parse(url);
        } catch (RefusedTargetException refused) {
            throw new PermanentFailure("target refused: " + refused.getMessage());
        }
        HttpPost post = new HttpPost(target);
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        post.setHeader("user-agent", "Flytrap-Alerts");
        headers.forEach(post::setHeader);
        int status;
        try {
            status = http.execute(post, response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
            });
        } catch (RefusedTargetException refused) {
            throw new PermanentFailure("target refused: " + refused.getMessage());
        }
        if (status >= 200 && status < 300) {
            return;
        }
        if (status == 429 || status >= 500) {
            throw new IOException("the receiver answered " + status);
        }
        throw new PermanentFailure("the receiver answered " + status + (status >= 300 && status < 400 ? " (redirects are not followed)" : ""));
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
