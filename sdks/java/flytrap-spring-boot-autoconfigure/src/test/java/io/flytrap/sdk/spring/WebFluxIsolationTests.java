package io.flytrap.sdk.spring;

import io.flytrap.sdk.Breadcrumb;
import io.flytrap.sdk.Flytrap;
import io.flytrap.sdk.spring.webflux.FlytrapExchange;
import io.flytrap.sdk.testing.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebFlux on a real Netty: two requests in flight at the same time each produce an event with their own URL, their
 * own "http" breadcrumb and what the handler kept with {@link FlytrapExchange}, never the other's.
 */
class WebFluxIsolationTests {

    @RestController
    static class Slow {
        static final AtomicInteger arrived = new AtomicInteger();
        static final CompletableFuture<Void> bothArrived = new CompletableFuture<>();

        @GetMapping("/slow/{name}")
        Mono<String> slow(@PathVariable String name, ServerWebExchange exchange) {
            FlytrapExchange.setTag(exchange, "request", name);
            FlytrapExchange.addBreadcrumb(exchange, Breadcrumb.of("shop", "priced " + name));
            if (arrived.incrementAndGet() == 2) {
                bothArrived.complete(null);
            }
            // fails only once the other request is in flight too, without blocking a Netty thread
            return Mono.fromFuture(bothArrived).timeout(Duration.ofSeconds(10))
                    .then(Mono.error(new IllegalStateException("failed " + name)));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Slow.class)
    static class App {
    }

    Receiver receiver;
    ConfigurableApplicationContext app;

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver();
        app = new SpringApplicationBuilder(App.class).web(WebApplicationType.REACTIVE)
                .run("--server.port=0", "--spring.main.register-shutdown-hook=false", "--spring.main.banner-mode=off",
                        "--flytrap.dsn=" + receiver.dsn(4), "--flytrap.uncaught-exception-handler=false");
    }

    @AfterEach
    void stop() {
        app.close();
        Flytrap.close(Duration.ofSeconds(1));
        receiver.close();
    }

    @Test
    void shouldGiveEachOfTwoOverlappingExchangesOnlyItsOwnRequestAndBreadcrumbs() throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<Void>>> responses = List.of("a", "b").stream()
                .map(name -> http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow/" + name))
                        .GET().build(), HttpResponse.BodyHandlers.discarding()))
                .toList();
        for (CompletableFuture<HttpResponse<Void>> response : responses) {
            assertThat(response.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
        }
        Flytrap.captureMessage("after both");
        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();

        assertThat(receiver.schemaErrors()).isEmpty();
        for (String name : List.of("a", "b")) {
            String other = name.equals("a") ? "b" : "a";
            JsonNode data = receiver.received().stream().map(Receiver.Received::data)
                    .filter(d -> d.path("exception").path("values").path(0).path("value").asString().equals("failed " + name))
                    .findFirst().orElseThrow();
            assertThat(data.path("request").path("url").asString()).endsWith("/slow/" + name);
            assertThat(data.path("tags").path("request").asString()).isEqualTo(name);
            List<String> crumbs = data.path("breadcrumbs").valueStream().map(c -> c.path("message").asString()).toList();
            assertThat(crumbs).endsWith("priced " + name, "GET /slow/" + name)
                    .doesNotContain("priced " + other, "GET /slow/" + other);
        }
        JsonNode after = receiver.received().stream().map(Receiver.Received::data)
                .filter(d -> d.path("message").asString().equals("after both")).findFirst().orElseThrow();
        assertThat(after.path("tags").has("request")).isFalse();
        assertThat(after.path("breadcrumbs").valueStream().map(c -> c.path("message").asString()))
                .as("no exchange's breadcrumb is left in the global scope").noneMatch(crumb -> crumb.contains("/slow/"));
    }
}
