package io.flytrap.sdk.spring;

import io.flytrap.sdk.Flytrap;
import io.flytrap.sdk.testing.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** WebFlux through the real DispatcherHandler and web filters: server errors reported with their request. */
class WebFluxCaptureTests {

    @RestController
    static class Catalog {
        @GetMapping("/products/{sku}")
        Mono<String> product(@PathVariable String sku) {
            return Mono.error(new IllegalStateException("no price for " + sku));
        }

        @GetMapping("/gone")
        Mono<String> gone() {
            return Mono.error(new ResponseStatusException(HttpStatus.GONE));
        }

        @GetMapping("/ok")
        Mono<String> ok() {
            return Mono.just("ok");
        }
    }

    Receiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        Flytrap.close(Duration.ofSeconds(1));
        receiver.close();
    }

    @Test
    void shouldReportAFailedHandlerWithItsRequestAndNothingFor4xx() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WebFluxAutoConfiguration.class, JacksonAutoConfiguration.class,
                        FlytrapAutoConfiguration.class))
                .withUserConfiguration(Catalog.class)
                .withPropertyValues("flytrap.dsn=" + receiver.dsn(4), "flytrap.uncaught-exception-handler=false",
                        "flytrap.in-app-packages=io.flytrap.sdk.spring")
                .run(context -> {
                    WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
                    client.get().uri("/ok").exchange().expectStatus().isOk();
                    client.get().uri("/products/sku-9?api_key=k1").header("Authorization", "Bearer secret")
                            .header("Accept", "text/plain").exchange().expectStatus().is5xxServerError();
                    client.get().uri("/gone").exchange().expectStatus().isEqualTo(HttpStatus.GONE);
                    client.get().uri("/nothing-here").exchange().expectStatus().isNotFound();
                    assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
                });

        assertThat(receiver.schemaErrors()).isEmpty();
        assertThat(receiver.received()).as("only the server error").hasSize(1);
        JsonNode data = receiver.received().get(0).data();
        assertThat(data.path("exception").path("values")).as("Reactor's assembly trace is not part of the chain").hasSize(1);
        JsonNode exception = data.path("exception").path("values").get(0);
        assertThat(exception.path("value").asString()).isEqualTo("no price for sku-9");
        assertThat(exception.path("mechanism").path("type").asString()).isEqualTo("spring.webflux");
        assertThat(data.path("handled").asBoolean()).isFalse();
        JsonNode request = data.path("request");
        assertThat(request.path("method").asString()).isEqualTo("GET");
        assertThat(request.path("url").asString()).endsWith("/products/sku-9?api_key=[Filtered]");
        assertThat(request.path("headers").has("Authorization")).isFalse();
        assertThat(request.path("headers").path("Accept").asString()).isEqualTo("text/plain");
        assertThat(data.path("tags").path("route").asString()).isEqualTo("/products/{sku}");
        assertThat(data.path("breadcrumbs").valueStream().map(crumb -> crumb.path("message").asString()))
                .as("the exchange's own breadcrumb, none of an earlier exchange's").endsWith("GET /products/sku-9").doesNotContain("GET /ok");
    }
}
