package io.flytrap.sdk.spring;

import io.flytrap.sdk.Flytrap;
import io.flytrap.sdk.IsolatedScope;
import io.flytrap.sdk.User;
import io.flytrap.sdk.spring.webmvc.FlytrapMvcFilter;
import io.flytrap.sdk.testing.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Spring MVC through the real DispatcherServlet: server errors are reported with their request, answers are not. */
class MvcCaptureTests {

    static class Conflict extends RuntimeException {
    }

    static class PaymentDown extends RuntimeException {
        PaymentDown() {
            super("payment provider timed out");
        }
    }

    @RestController
    static class Shop {
        @GetMapping("/orders/{id}")
        String order(@PathVariable String id) {
            throw new IllegalStateException("order " + id + " is broken");
        }

        @GetMapping("/bad")
        String bad() {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "no such thing");
        }

        @GetMapping("/conflict")
        String conflict() {
            throw new Conflict();
        }

        @GetMapping("/pay")
        String pay() {
            throw new PaymentDown();
        }

        @GetMapping("/ok")
        String ok() {
            return "ok";
        }

        @ExceptionHandler(Conflict.class)
        ResponseEntity<String> onConflict() {
            return ResponseEntity.status(HttpStatus.CONFLICT).body("conflict");
        }

        @ExceptionHandler(PaymentDown.class)
        ResponseEntity<String> onPaymentDown() {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body("try later");
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

    WebApplicationContextRunner app(String... properties) {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
                        HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class, FlytrapAutoConfiguration.class))
                .withUserConfiguration(Shop.class)
                .withPropertyValues("flytrap.dsn=" + receiver.dsn(4), "flytrap.uncaught-exception-handler=false",
                        "flytrap.in-app-packages=io.flytrap.sdk.spring")
                .withPropertyValues(properties);
    }

    @Test
    void shouldReportAnUnhandledExceptionWithItsRequestAndNothingForAnswers() {
        app().run(context -> {
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).addFilters(context.getBean(FlytrapMvcFilter.class)).build();
            mvc.perform(get("/ok")).andExpect(status().isOk());
            assertThatThrownBy(() -> mvc.perform(get("/orders/42").queryParam("token", "abc").queryParam("page", "2")
                    .header("Authorization", "Bearer secret").header("Cookie", "SESSION=1").header("X-Request-Id", "r-1")
                    .principal(() -> "ada")))
                    .hasRootCauseMessage("order 42 is broken");
            mvc.perform(get("/bad")).andExpect(status().isBadRequest());
            mvc.perform(get("/conflict")).andExpect(status().isConflict());
            mvc.perform(get("/no-such-page")).andExpect(status().isNotFound());
            assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        });

        assertThat(receiver.schemaErrors()).isEmpty();
        assertThat(receiver.received()).as("only the server error").hasSize(1);
        JsonNode data = receiver.received().get(0).data();
        JsonNode exception = data.path("exception").path("values").get(0);
        assertThat(exception.path("type").asString()).isEqualTo("IllegalStateException");
        assertThat(exception.path("value").asString()).isEqualTo("order 42 is broken");
        assertThat(exception.path("mechanism").path("type").asString()).isEqualTo("spring.mvc");
        assertThat(data.path("handled").asBoolean()).isFalse();
        JsonNode frames = exception.path("stacktrace").path("frames");
        JsonNode thrower = frames.get(frames.size() - 1);
        assertThat(thrower.path("module").asString()).isEqualTo(Shop.class.getName());
        assertThat(thrower.path("function").asString()).isEqualTo("order");
        assertThat(thrower.path("in_app").asBoolean()).isTrue();
        JsonNode request = data.path("request");
        assertThat(request.path("method").asString()).isEqualTo("GET");
        assertThat(request.path("url").asString()).isEqualTo("http://localhost/orders/42?token=[Filtered]&page=2");
        assertThat(request.path("headers").path("X-Request-Id").asString()).isEqualTo("r-1");
        assertThat(request.path("headers").has("Authorization")).isFalse();
        assertThat(request.path("headers").has("Cookie")).isFalse();
        assertThat(data.path("tags").path("route").asString()).isEqualTo("/orders/{id}");
        assertThat(data.has("user")).as("no principal without send-default-pii").isFalse();
        assertThat(data.path("breadcrumbs").valueStream().map(crumb -> crumb.path("message").asString()))
                .as("the request's own breadcrumb, none of an earlier request's").endsWith("GET /orders/42").doesNotContain("GET /ok");
    }

    @Test
    void shouldReportAnExceptionTheAppTurnedIntoA5xxWithThePrincipalWhenAllowed() {
        app("flytrap.send-default-pii=true").run(context -> {
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).addFilters(context.getBean(FlytrapMvcFilter.class)).build();
            mvc.perform(get("/pay").principal(() -> "ada").header("Authorization", "Bearer secret"))
                    .andExpect(status().isServiceUnavailable());
            assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        });

        JsonNode data = receiver.received().get(0).data();
        assertThat(data.path("exception").path("values").get(0).path("type").asString()).isEqualTo("MvcCaptureTests$PaymentDown");
        assertThat(data.path("handled").asBoolean()).isTrue();
        assertThat(data.path("tags").path("route").asString()).isEqualTo("/pay");
        assertThat(data.path("user").path("username").asString()).isEqualTo("ada");
        assertThat(data.path("request").path("headers").path("Authorization").asString()).isEqualTo("Bearer secret");
    }

    @Test
    void shouldStartEachRequestFromTheGlobalScopeNotWhatThePooledThreadStillHasBound() {
        app().run(context -> {
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).addFilters(context.getBean(FlytrapMvcFilter.class)).build();
            Flytrap.setTag("service", "shop");
            IsolatedScope leftover = Flytrap.isolatedScope(); // an earlier job never closed its scope
            Flytrap.setUser(User.ofId("mallory"));
            Flytrap.setTag("tenant", "other");
            try {
                assertThatThrownBy(() -> mvc.perform(get("/orders/7"))).hasRootCauseMessage("order 7 is broken");
            } finally {
                leftover.close();
            }
            assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        });

        JsonNode data = receiver.received().get(0).data();
        assertThat(data.has("user")).isFalse();
        assertThat(data.path("tags").has("tenant")).isFalse();
        assertThat(data.path("tags").path("service").asString()).isEqualTo("shop");
    }
}
