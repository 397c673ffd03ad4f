package io.flytrap.sdk.spring;

import io.flytrap.sdk.Flytrap;
import io.flytrap.sdk.User;
import io.flytrap.sdk.testing.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring MVC on a real Tomcat: two requests that are in the handler at the same time each produce an event with
 * their own tag, user and breadcrumbs (set with Flytrap.setTag/setUser and logged through Logback), never the
 * other's, and leave nothing in the global scope; an async request keeps its scope into its async dispatch.
 */
class MvcIsolationTests {

    @RestController
    static class Work {
        // not under io.flytrap.sdk, whose log lines the appender skips as the SDK's own
        static final Logger log = LoggerFactory.getLogger("shop.work");
        static volatile CountDownLatch bothArrived;

        @GetMapping("/work/{name}")
        String work(@PathVariable String name) throws InterruptedException {
            Flytrap.setTag("request", name);
            Flytrap.setUser(new User("user-" + name, null, null, null));
            log.info("working on {}", name);
            bothArrived.countDown();
            // each request waits until the other has set its data too, so a shared scope would mix them
            if (!bothArrived.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the requests did not overlap");
            }
            log.info("{} saw the other request", name);
            throw new IllegalStateException("failed " + name);
        }

        @GetMapping("/later/{name}")
        Callable<String> later(@PathVariable String name) {
            Flytrap.setTag("request", name);
            log.info("accepted {}", name);
            return () -> {
                throw new IllegalStateException("later failed " + name);
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Work.class)
    static class App {
    }

    Receiver receiver;
    ConfigurableApplicationContext app;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver();
        app = new SpringApplicationBuilder(App.class).web(WebApplicationType.SERVLET)
                .run("--server.port=0", "--spring.main.register-shutdown-hook=false", "--spring.main.banner-mode=off",
                        "--flytrap.dsn=" + receiver.dsn(4), "--flytrap.uncaught-exception-handler=false",
                        "--flytrap.in-app-packages=io.flytrap.sdk.spring");
    }

    @AfterEach
    void stop() {
        app.close();
        Flytrap.close(Duration.ofSeconds(1));
        receiver.close();
    }

    CompletableFuture<HttpResponse<Void>> get(String path) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    JsonNode eventOf(String exceptionMessage) {
        return receiver.received().stream().map(Receiver.Received::data)
                .filter(data -> data.path("exception").path("values").path(0).path("value").asString().equals(exceptionMessage))
                .reduce((a, b) -> {
                    throw new AssertionError("two events for " + exceptionMessage);
                })
                .orElseThrow(() -> new AssertionError("no event for " + exceptionMessage));
    }

    static List<String> crumbs(JsonNode data) {
        return data.path("breadcrumbs").valueStream().map(crumb -> crumb.path("message").asString()).toList();
    }

    @Test
    void shouldGiveEachOfTwoOverlappingRequestsOnlyItsOwnTagUserAndBreadcrumbs() throws Exception {
        Work.bothArrived = new CountDownLatch(2);
        CompletableFuture<HttpResponse<Void>> a = get("/work/a");
        CompletableFuture<HttpResponse<Void>> b = get("/work/b");
        assertThat(a.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
        assertThat(b.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
        Flytrap.captureMessage("after both");
        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();

        assertThat(receiver.schemaErrors()).isEmpty();
        for (String name : List.of("a", "b")) {
            String other = name.equals("a") ? "b" : "a";
            JsonNode data = eventOf("failed " + name);
            assertThat(data.path("tags").path("request").asString()).isEqualTo(name);
            assertThat(data.path("user").path("id").asString()).isEqualTo("user-" + name);
            assertThat(data.path("request").path("url").asString()).endsWith("/work/" + name);
            assertThat(crumbs(data))
                    .contains("working on " + name, name + " saw the other request")
                    .doesNotContain("working on " + other, other + " saw the other request", "GET /work/" + other)
                    .endsWith("GET /work/" + name);
            JsonNode http = data.path("breadcrumbs").get(data.path("breadcrumbs").size() - 1);
            assertThat(http.path("type").asString()).isEqualTo("http");
            assertThat(http.path("data").path("status_code").asInt()).isEqualTo(500);
        }
        JsonNode after = receiver.received().stream().map(Receiver.Received::data)
                .filter(data -> data.path("message").asString().equals("after both")).findFirst().orElseThrow();
        assertThat(after.path("tags").has("request")).as("the global scope kept nothing of the requests").isFalse();
        assertThat(after.has("user")).isFalse();
        assertThat(crumbs(after)).noneMatch(crumb -> crumb.contains("work"));
    }

    @Test
    void shouldKeepAnAsyncRequestsScopeIntoItsAsyncDispatch() throws Exception {
        assertThat(get("/later/c").get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
        Flytrap.captureMessage("after the async request");
        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();

        JsonNode data = eventOf("later failed c");
        assertThat(data.path("tags").path("request").asString()).as("set before the async hop").isEqualTo("c");
        assertThat(crumbs(data)).contains("accepted c").endsWith("GET /later/c");
        JsonNode after = receiver.received().stream().map(Receiver.Received::data)
                .filter(d -> d.path("message").asString().equals("after the async request")).findFirst().orElseThrow();
        assertThat(after.path("tags").has("request")).isFalse();
    }
}
