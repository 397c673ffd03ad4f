package io.flytrap.sdk;

import io.flytrap.sdk.testing.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What one capture sends: valid against the protocol's JSON Schema, complete, and without secrets. */
class PayloadTests {

    Receiver receiver;

    @BeforeEach
    void start() throws IOException {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        Flytrap.close(Duration.ofSeconds(1));
        receiver.close();
    }

    void init(java.util.function.Consumer<FlytrapOptions> more) {
        assertThat(Flytrap.init(options -> {
            options.setDsn(receiver.dsn(7));
            options.setRelease("shop@1.4.2");
            options.setEnvironment("production");
            options.setInAppPackages(List.of("io.flytrap.sdk.PayloadTests"));
            options.setUncaughtExceptionHandler(false);
            more.accept(options);
        })).isTrue();
    }

    JsonNode sendOne() throws InterruptedException {
        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        List<Receiver.Received> received = receiver.received();
        assertThat(received).hasSize(1);
        assertThat(receiver.schemaErrors()).isEmpty();
        return received.get(0).data();
    }

    static void checkout(Runnable inner) {
        try {
            inner.run();
        } catch (RuntimeException failure) {
            IllegalStateException outer = new IllegalStateException("checkout failed", failure);
            outer.addSuppressed(new java.io.UncheckedIOException("closing the cart", new IOException("disk full")));
            throw outer;
        }
    }

    @Test
    void shouldSendTheWholeChainOldestCauseFirstWithFramesCallerFirstAndCodeContext() throws Exception {
        init(options -> { });
        Flytrap.setUser(new User("42", "ada@example.com", null, null));
        Flytrap.setTag("region", "eu");
        Flytrap.addBreadcrumb(Breadcrumb.of("cart", "item added"));
        try {
            checkout(() -> {
                throw new ArithmeticException("/ by zero");
            });
        } catch (IllegalStateException caught) {
            assertThat(Flytrap.captureException(caught)).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }

        JsonNode data = sendOne();
        assertThat(receiver.received().get(0).apiKey()).isEqualTo("public-key");
        assertThat(receiver.received().get(0).path()).isEqualTo("/api/errors");
        assertThat(data.path("project_id").asLong()).isEqualTo(7);
        assertThat(data.path("level").asString()).isEqualTo("error");
        assertThat(data.path("handled").asBoolean()).isTrue();
        assertThat(data.path("platform").asString()).isEqualTo("java");
        assertThat(data.path("release").asString()).isEqualTo("shop@1.4.2");
        assertThat(data.path("environment").asString()).isEqualTo("production");
        assertThat(data.path("server_name").asString()).isNotBlank();
        assertThat(data.path("runtime").asString()).startsWith("Java ");
        assertThat(data.path("sdk").path("name").asString()).isEqualTo("flytrap.java");
        assertThat(data.path("user").path("email").asString()).isEqualTo("ada@example.com");
        assertThat(data.path("tags").path("region").asString()).isEqualTo("eu");
        assertThat(data.path("breadcrumbs").get(0).path("message").asString()).isEqualTo("item added");
        assertThat(data.path("contexts").path("runtime").path("name").asString()).isEqualTo("Java");

        List<String> chain = new ArrayList<>();
        data.path("exception").path("values").forEach(value -> chain.add(value.path("type").asString() + "/"
                + value.path("mechanism").path("type").asString("-")));
        assertThat(chain).as("oldest cause first, the suppressed beside the exception that carries it, the caught last")
                .containsExactly("ArithmeticException/cause", "IOException/cause", "UncheckedIOException/suppressed",
                        "IllegalStateException/generic");
        JsonNode caught = data.path("exception").path("values").get(3);
        assertThat(caught.path("value").asString()).isEqualTo("checkout failed");
        assertThat(caught.path("module").asString()).isEqualTo("java.lang");
        assertThat(caught.path("mechanism").path("handled").asBoolean()).isTrue();

        JsonNode frames = caught.path("stacktrace").path("frames");
        JsonNode thrower = frames.get(frames.size() - 1);
        assertThat(thrower.path("module").asString()).isEqualTo(PayloadTests.class.getName());
        assertThat(thrower.path("function").asString()).isEqualTo("checkout");
        assertThat(thrower.path("filename").asString()).isEqualTo("PayloadTests.java");
        assertThat(thrower.path("in_app").asBoolean()).isTrue();
        assertThat(thrower.path("context_line").asString()).contains("new IllegalStateException(\"checkout failed\", failure)");
        assertThat(thrower.path("pre_context")).hasSize(5);
        assertThat(thrower.path("post_context")).hasSize(5);
        assertThat(frames.get(0).path("function").asString()).as("caller first: the thread's entry point")
                .isEqualTo("main");
        assertThat(frames.get(0).path("in_app").asBoolean()).isFalse();
        assertThat(frames.get(0).has("context_line")).as("no code context for frames that are not the app's").isFalse();
    }

    @Test
    void shouldFilterSecretsFromRequestContextsAndBreadcrumbsByDefault() throws Exception {
        init(options -> options.setCodeContext(false)); // this file's own lines hold the secrets it checks for
        Flytrap.setContext("payment", Map.of("card_number", "4111 1111 1111 1111", "amount", 12));
        Flytrap.addBreadcrumb(new Breadcrumb(null, "http", "http", "POST /login", Level.INFO,
                Map.of("url", "https://shop.example/login?user=ada&password=hunter2", "api_key", "k-123")));
        RequestInfo request = new RequestInfo("POST", "https://shop.example/cart?session_token=abc&page=2",
                "session_token=abc&page=2", Receiver.headers("Authorization", "Bearer secret", "Cookie", "SESSION=1",
                "X-Forwarded-For", "203.0.113.9", "X-Api-Token", "t-1", "Accept", "application/json"), "/cart");
        Flytrap.captureException(new IllegalStateException("boom"), EventHint.builder().request(request).build());

        JsonNode data = sendOne();
        String text = data.toString();
        assertThat(text).doesNotContain("Bearer secret", "SESSION=1", "203.0.113.9", "t-1", "4111", "hunter2", "k-123", "abc");
        JsonNode headers = data.path("request").path("headers");
        assertThat(headers.has("Authorization")).isFalse();
        assertThat(headers.has("Cookie")).isFalse();
        assertThat(headers.path("X-Api-Token").asString()).isEqualTo("[Filtered]");
        assertThat(headers.path("Accept").asString()).isEqualTo("application/json");
        assertThat(data.path("request").path("url").asString()).isEqualTo("https://shop.example/cart?session_token=[Filtered]&page=2");
        assertThat(data.path("request").path("query_string").asString()).isEqualTo("session_token=[Filtered]&page=2");
        assertThat(data.path("tags").path("route").asString()).isEqualTo("/cart");
        assertThat(data.path("contexts").path("payment").path("amount").asInt()).isEqualTo(12);
    }

    @Test
    void shouldMergeTheHintsUserIntoTheAppsFieldByFieldTheAppWinning() throws Exception {
        init(options -> { });
        Flytrap.setUser(new User("42", "ada@example.com", null, null));
        Flytrap.captureException(new IllegalStateException("boom"),
                EventHint.builder().user(new User(null, null, "ada", "203.0.113.9")).build());

        JsonNode user = sendOne().path("user");
        assertThat(user.path("id").asString()).isEqualTo("42");
        assertThat(user.path("email").asString()).isEqualTo("ada@example.com");
        assertThat(user.path("username").asString()).isEqualTo("ada");
        assertThat(user.path("ip_address").asString()).isEqualTo("203.0.113.9");
        assertThat(EventBuilder.merge(new User("42", null, "app-name", null), new User("7", null, "principal", "10.0.0.1")))
                .isEqualTo(new User("42", null, "app-name", "10.0.0.1"));
    }

    @Test
    void shouldSendCookiesAndAuthorizationOnlyWhenTheAppOptsIn() throws Exception {
        init(options -> options.setSendDefaultPii(true));
        RequestInfo request = new RequestInfo("GET", "https://shop.example/", null,
                Receiver.headers("Authorization", "Bearer secret", "Cookie", "SESSION=1"), null);
        Flytrap.captureException(new IllegalStateException("boom"), EventHint.builder().request(request).build());

        JsonNode headers = sendOne().path("request").path("headers");
        assertThat(headers.path("Authorization").asString()).isEqualTo("Bearer secret");
        assertThat(headers.path("Cookie").asString()).isEqualTo("SESSION=1");
    }

    @Test
    void shouldSendAMessageWithoutAnException() throws Exception {
        init(options -> { });
        Flytrap.captureMessage("cache warmed", Level.WARNING);

        JsonNode data = sendOne();
        assertThat(data.path("message").asString()).isEqualTo("cache warmed");
        assertThat(data.path("level").asString()).isEqualTo("warning");
        assertThat(data.has("exception")).isFalse();
    }

    @Test
    void shouldKeepOnlyTheNewest100Breadcrumbs() throws Exception {
        init(options -> options.setMaxBreadcrumbs(500));
        for (int i = 0; i < 250; i++) {
            Flytrap.addBreadcrumb("step " + i);
        }
        Flytrap.captureMessage("done");

        JsonNode crumbs = sendOne().path("breadcrumbs");
        assertThat(crumbs).hasSize(100);
        assertThat(crumbs.get(0).path("message").asString()).isEqualTo("step 150");
        assertThat(crumbs.get(99).path("message").asString()).isEqualTo("step 249");
    }

    @Test
    void shouldLetBeforeSendChangeOrDropEvents() throws Exception {
        init(options -> options.setBeforeSend((event, original) -> {
            if (original instanceof UnsupportedOperationException) {
                return null;
            }
            event.tags().put("checked", "yes");
            return event;
        }));
        Flytrap.captureException(new UnsupportedOperationException("noise"));
        Flytrap.captureException(new IllegalStateException("kept"));

        JsonNode data = sendOne();
        assertThat(data.path("exception").path("values").get(0).path("value").asString()).isEqualTo("kept");
        assertThat(data.path("tags").path("checked").asString()).isEqualTo("yes");
        assertThat(Flytrap.stats().dropped()).isEqualTo(1);
    }

    @Test
    void shouldSendNothingAtSampleRateZeroAndEverythingAtOne() throws Exception {
        init(options -> options.setSampleRate(0.0));
        for (int i = 0; i < 50; i++) {
            assertThat(Flytrap.captureException(new IllegalStateException("sampled out"))).isNull();
        }
        assertThat(Flytrap.flush(Duration.ofSeconds(2))).isTrue();
        assertThat(receiver.received()).isEmpty();
        Flytrap.close(Duration.ofSeconds(1));

        init(options -> options.setSampleRate(1.0));
        Flytrap.captureException(new IllegalStateException("sent"));
        assertThat(sendOne().path("exception").path("values").get(0).path("value").asString()).isEqualTo("sent");
    }

    @Test
    void shouldReportTheSameExceptionOnceWhenItIsCaughtAgainOrWrapped() throws Exception {
        init(options -> { });
        IllegalStateException error = new IllegalStateException("once");
        Flytrap.captureException(error);
        Flytrap.captureException(error);
        Flytrap.captureException(new RuntimeException("wrapper", error));

        assertThat(sendOne().path("exception").path("values").get(0).path("value").asString()).isEqualTo("once");
    }
}
