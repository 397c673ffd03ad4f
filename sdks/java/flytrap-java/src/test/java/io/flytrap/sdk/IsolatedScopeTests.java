package io.flytrap.sdk;

import io.flytrap.sdk.testing.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Isolated scopes: what a thread sets inside one stays in it and goes only with the events it captures there;
 * what was set globally before is inherited; closing restores what was current; wrap() carries a copy to another
 * thread.
 */
class IsolatedScopeTests {

    Receiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        Flytrap.close(Duration.ofSeconds(2));
        receiver.close();
    }

    void init() {
        assertThat(Flytrap.init(options -> {
            options.setDsn(receiver.dsn(1));
            options.setUncaughtExceptionHandler(false);
            options.setCodeContext(false);
        })).isTrue();
    }

    JsonNode event(String message) throws InterruptedException {
        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(receiver.schemaErrors()).isEmpty();
        return receiver.received().stream().map(Receiver.Received::data)
                .filter(data -> data.path("message").asString().equals(message))
                .reduce((a, b) -> {
                    throw new AssertionError("two events say " + message);
                })
                .orElseThrow(() -> new AssertionError("no event says " + message));
    }

    static List<String> crumbs(JsonNode data) {
        return data.path("breadcrumbs").valueStream().map(crumb -> crumb.path("message").asString()).toList();
    }

    @Test
    void shouldKeepTwoOverlappingThreadsScopesApartAndInheritTheGlobalOne() throws Exception {
        init();
        Flytrap.setTag("service", "shop");
        Flytrap.addBreadcrumb("started");
        // both threads have set their data before either captures, so a shared scope would mix them
        CyclicBarrier bothSet = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Object>> done = pool.invokeAll(List.of(request("a", bothSet), request("b", bothSet)));
            for (Future<Object> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        Flytrap.captureMessage("after");

        for (String name : List.of("a", "b")) {
            String other = name.equals("a") ? "b" : "a";
            JsonNode data = event("request " + name);
            assertThat(data.path("tags").path("request").asString()).isEqualTo(name);
            assertThat(data.path("tags").path("service").asString()).as("global tags are inherited").isEqualTo("shop");
            assertThat(data.path("user").path("id").asString()).isEqualTo("user-" + name);
            assertThat(data.path("contexts").path("order").path("id").asString()).isEqualTo("order-" + name);
            assertThat(crumbs(data)).containsExactly("started", "step 1 of " + name, "step 2 of " + name)
                    .doesNotContain("step 1 of " + other);
        }
        JsonNode after = event("after");
        assertThat(after.path("tags").has("request")).as("nothing of the requests reached the global scope").isFalse();
        assertThat(after.path("tags").path("service").asString()).isEqualTo("shop");
        assertThat(after.has("user")).isFalse();
        assertThat(after.path("contexts").has("order")).isFalse();
        assertThat(crumbs(after)).containsExactly("started");
    }

    private static Callable<Object> request(String name, CyclicBarrier bothSet) {
        return () -> {
            try (IsolatedScope scope = Flytrap.isolatedScope()) {
                Flytrap.setTag("request", name);
                Flytrap.setUser(new User("user-" + name, null, null, null));
                Flytrap.setContext("order", Map.of("id", "order-" + name));
                Flytrap.addBreadcrumb("step 1 of " + name);
                bothSet.await(5, TimeUnit.SECONDS);
                Flytrap.addBreadcrumb("step 2 of " + name);
                Flytrap.captureMessage("request " + name);
            }
            return null;
        };
    }

    @Test
    void shouldRestoreTheEnclosingScopeWhenANestedOneCloses() throws Exception {
        init();
        try (IsolatedScope outer = Flytrap.isolatedScope()) {
            Flytrap.setTag("outer", "1");
            try (IsolatedScope inner = Flytrap.isolatedScope()) {
                Flytrap.setTag("inner", "1");
                Flytrap.addBreadcrumb("inner step");
                Flytrap.captureMessage("in inner");
            }
            Flytrap.captureMessage("back in outer");
            outer.close();
            outer.close(); // a second close changes nothing
            Flytrap.captureMessage("closed");
        }

        JsonNode inner = event("in inner");
        assertThat(inner.path("tags").path("outer").asString()).isEqualTo("1");
        assertThat(inner.path("tags").path("inner").asString()).isEqualTo("1");
        JsonNode outer = event("back in outer");
        assertThat(outer.path("tags").path("outer").asString()).isEqualTo("1");
        assertThat(outer.path("tags").has("inner")).isFalse();
        assertThat(crumbs(outer)).doesNotContain("inner step");
        JsonNode closed = event("closed");
        assertThat(closed.has("tags")).as("the global scope was never written").isFalse();
        assertThat(closed.has("breadcrumbs")).isFalse();
    }

    @Test
    void shouldLeaveNothingBoundWhenScopesCloseOutOfOrder() throws Exception {
        init();
        IsolatedScope request = Flytrap.isolatedScope();
        Flytrap.setUser(new User("ada", null, null, null));
        IsolatedScope step = Flytrap.isolatedScope();
        request.close(); // the request ends before its step's scope is closed
        Flytrap.captureMessage("after the request");
        step.close();
        Flytrap.captureMessage("next request on this thread");

        assertThat(event("after the request").has("user")).isFalse();
        assertThat(event("next request on this thread").has("user")).as("no stale binding on a pooled thread")
                .isFalse();
        assertThat(IsolatedScope.bound()).isNull();
    }

    @Test
    void shouldStartARequestScopeFromTheGlobalScopeWhateverTheThreadHasBound() throws Exception {
        init();
        Flytrap.setTag("service", "shop");
        IsolatedScope leftover = Flytrap.isolatedScope();
        Flytrap.setUser(new User("ada", null, null, null));
        try (IsolatedScope request = Flytrap.isolatedGlobalScope()) {
            Flytrap.captureMessage("next request");
        }
        leftover.close();

        JsonNode next = event("next request");
        assertThat(next.has("user")).isFalse();
        assertThat(next.path("tags").path("service").asString()).isEqualTo("shop");
    }

    @Test
    void shouldClearOnlyTheIsolatedScopeInsideOne() throws Exception {
        init();
        Flytrap.setTag("service", "shop");
        try (IsolatedScope scope = Flytrap.isolatedScope()) {
            Flytrap.clearScope();
            Flytrap.captureMessage("cleared inside");
        }
        Flytrap.captureMessage("outside");
        assertThat(event("cleared inside").has("tags")).isFalse();
        assertThat(event("outside").path("tags").path("service").asString()).isEqualTo("shop");
    }

    @Test
    void shouldIgnoreACloseFromAnotherThread() throws Exception {
        init();
        try (IsolatedScope scope = Flytrap.isolatedScope()) {
            Flytrap.setTag("request", "r1");
            Thread other = new Thread(scope::close);
            other.start();
            other.join();
            Flytrap.captureMessage("still isolated");
        }
        Flytrap.captureMessage("outside");
        assertThat(event("still isolated").path("tags").path("request").asString()).isEqualTo("r1");
        assertThat(event("outside").has("tags")).isFalse();
    }

    @Test
    void shouldResumeTheSameScopeOnAnotherThread() throws Exception {
        init();
        IsolatedScope request;
        try (IsolatedScope scope = Flytrap.isolatedScope()) {
            request = scope;
            Flytrap.setTag("request", "r1");
        }
        Thread continuation = new Thread(() -> {
            try (IsolatedScope resumed = request.resume()) {
                Flytrap.addBreadcrumb("after the hop");
                Flytrap.captureMessage("resumed");
            }
            Flytrap.captureMessage("resumed thread after close");
        });
        continuation.start();
        continuation.join();

        JsonNode resumed = event("resumed");
        assertThat(resumed.path("tags").path("request").asString()).isEqualTo("r1");
        assertThat(crumbs(resumed)).containsExactly("after the hop");
        assertThat(event("resumed thread after close").has("tags")).isFalse();
    }

    @Test
    void shouldCarryACopyOfTheScopeToAnExecutorThreadAndNotBack() throws Exception {
        init();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Runnable task;
            Callable<String> withResult;
            try (IsolatedScope scope = Flytrap.isolatedScope()) {
                Flytrap.setTag("request", "r1");
                Flytrap.setUser(new User("ada", null, null, null));
                Flytrap.addBreadcrumb("before the hop");
                task = Flytrap.wrap(() -> {
                    Flytrap.setTag("task", "mail");
                    Flytrap.addBreadcrumb("in the task");
                    Flytrap.captureMessage("from the task");
                });
                withResult = Flytrap.wrap(() -> Flytrap.captureMessage("from the callable"));
                pool.submit(task).get(5, TimeUnit.SECONDS);
                assertThat(pool.submit(withResult).get(5, TimeUnit.SECONDS)).isNotNull();
                Flytrap.captureMessage("request after the task");
            }
            pool.submit(task).get(5, TimeUnit.SECONDS); // a second run starts from the same copy again
            pool.submit(() -> Flytrap.captureMessage("plain task on the same thread")).get(5, TimeUnit.SECONDS);
        } finally {
            pool.shutdown();
        }

        assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
        List<JsonNode> fromTask = receiver.received().stream().map(Receiver.Received::data)
                .filter(data -> data.path("message").asString().equals("from the task")).toList();
        assertThat(fromTask).hasSize(2).allSatisfy(data -> {
            assertThat(data.path("tags").path("request").asString()).isEqualTo("r1");
            assertThat(data.path("tags").path("task").asString()).isEqualTo("mail");
            assertThat(data.path("user").path("id").asString()).isEqualTo("ada");
            assertThat(crumbs(data)).as("each run starts from the copy").containsExactly("before the hop", "in the task");
        });
        assertThat(event("from the callable").path("tags").path("request").asString()).isEqualTo("r1");
        assertThat(event("from the callable").path("tags").has("task")).isFalse();
        JsonNode request = event("request after the task");
        assertThat(request.path("tags").has("task")).as("the task's changes stay in the task").isFalse();
        assertThat(crumbs(request)).containsExactly("before the hop");
        JsonNode plain = event("plain task on the same thread");
        assertThat(plain.has("tags")).as("the pool thread kept nothing of the wrapped task").isFalse();
        assertThat(plain.has("user")).isFalse();
    }

    @Test
    void shouldSendAHintsBreadcrumbsAfterTheScopesWithThatEventOnly() throws Exception {
        assertThat(Flytrap.init(options -> {
            options.setDsn(receiver.dsn(1));
            options.setUncaughtExceptionHandler(false);
            options.setMaxBreadcrumbs(3);
        })).isTrue();
        Flytrap.addBreadcrumb("one");
        Flytrap.addBreadcrumb("two");
        Flytrap.captureMessage("with hint", Level.INFO, EventHint.builder()
                .breadcrumb(Breadcrumb.of(null, "three")).breadcrumb(Breadcrumb.of(null, "four")).build());
        Flytrap.captureMessage("without");

        assertThat(crumbs(event("with hint"))).as("the newest three").containsExactly("two", "three", "four");
        assertThat(crumbs(event("without"))).containsExactly("one", "two");
    }

    @Test
    void shouldDoNothingBeforeInit() throws Exception {
        Runnable task = () -> { };
        assertThat(Flytrap.wrap(task)).isSameAs(task);
        try (IsolatedScope scope = Flytrap.isolatedScope()) {
            Flytrap.setTag("ignored", "1");
            assertThat(scope.resume()).isSameAs(scope);
        }
        init();
        Flytrap.captureMessage("after init");
        assertThat(event("after init").has("tags")).isFalse();
    }
}
