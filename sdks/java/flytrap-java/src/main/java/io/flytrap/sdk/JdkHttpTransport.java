package io.flytrap.sdk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The default transport: java.net.http, HTTP/1.1, one request at a time from the sender thread. */
final class JdkHttpTransport implements Transport {

    private final HttpClient client;
    private final Duration sendTimeout;

    JdkHttpTransport(Duration connectTimeout, Duration sendTimeout) {
        // HTTP/1.1: the default HTTP/2 would try an h2c upgrade on every plain-http connection. Redirects are never
        // followed: the event belongs at the DSN's ingest URL only, and Delivery sees the 3xx itself
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.sendTimeout = sendTimeout;
    }

    @Override
    public Response send(URI endpoint, String apiKey, byte[] json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(sendTimeout)
                .header("content-type", "application/json")
                .header("x-api-key", apiKey)
                .header("user-agent", EventBuilder.SDK_NAME + "/" + EventBuilder.SDK_VERSION)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        return new Response(response.statusCode(), response.headers().firstValue("retry-after").orElse(null));
    }
}
