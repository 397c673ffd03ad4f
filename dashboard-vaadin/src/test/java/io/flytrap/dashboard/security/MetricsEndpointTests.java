package io.flytrap.dashboard.security;

import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus scrapes the dashboard (on a laptop, all of Flytrap) with the metrics token and no account, as probes
 * read health; without the token it gets 401 and no metric, and no other actuator endpoint opens with it.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.metrics.token=" + MetricsEndpointTests.TOKEN)
@UsesTestDatabase
class MetricsEndpointTests {

    static final String TOKEN = "dashboard-scrape-token-0123456789";

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return get(path, null);
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldServePrometheusMetricsWithTheTokenWithoutSignInAndNothingElseOfTheActuator() throws Exception {
        for (String refused : new String[]{null, "not-the-token", TOKEN + "!"}) {
            HttpResponse<String> answer = get("/actuator/prometheus", refused);
            assertThat(answer.statusCode()).as("no token or a wrong one: %s", refused).isEqualTo(401);
            assertThat(answer.body()).doesNotContain("flytrap_").doesNotContain("# TYPE");
        }
        HttpResponse<String> scrape = get("/actuator/prometheus", TOKEN);

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("content-type")).get().asString().startsWith("text/plain");
        assertThat(scrape.body()).contains("# TYPE flytrap_queue_depth gauge", "# TYPE flytrap_queue_dead_letters gauge",
                "# TYPE hikaricp_connections_max gauge").contains("application=\"flytrap\"");
        for (String closed : new String[]{"/actuator/env", "/actuator/beans", "/actuator/heapdump", "/actuator/metrics"}) {
            HttpResponse<String> answer = get(closed);
            assertThat(answer.statusCode()).as(closed).isNotEqualTo(200);
            assertThat(answer.body()).as(closed).doesNotContain("propertySources").doesNotContain("jvm.memory");
        }
    }
}
