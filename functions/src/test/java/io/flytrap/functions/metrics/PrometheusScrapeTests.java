package io.flytrap.functions.metrics;

import io.flytrap.testsupport.QueuedEvents;
import com.sun.net.httpserver.HttpServer;
import io.flytrap.core.access.Caller;
import io.flytrap.core.alerts.AlertChannelService;
import io.flytrap.core.alerts.NotificationDispatcher;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.sourcemaps.ArtifactService;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.FunctionsApplication;
import io.flytrap.functions.process.QueueWorker;
import io.flytrap.testsupport.DatabaseOutage;
import io.flytrap.testsupport.TestAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Prometheus' view of Flytrap after real traffic: events accepted, refused for each reason and dropped during a
 * database outage, sent over HTTP; processed by the queue worker, one of them poison; alerts sent, failed and
 * parked against real HTTP receivers; a source map looked up. Every metric docs/operations.md names must be in
 * the scrape with the value this traffic gives it, tagged with the project, and never with a key or a project
 * id nobody proved.
 */
@SpringBootTest(classes = FunctionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false", "spring.flyway.enabled=true",
                "flytrap.ingest.rate-limit.project-per-minute=3", "flytrap.ingest.max-body-size=16KB",
                "flytrap.queue.max-attempts=1", "flytrap.alerts.allow-internal-targets=true",
                "flytrap.alerts.retry-backoff=1h", "flytrap.alerts.send-retry-wait=1ms",
                "flytrap.metrics.token=" + PrometheusScrapeTests.TOKEN})
class PrometheusScrapeTests {

    static final String TOKEN = "scrape-token-for-tests-0123456789";

    @RegisterExtension
    static final DatabaseOutage DATABASE = DatabaseOutage.relay();

    @DynamicPropertySource
    static void throughTheRelay(DynamicPropertyRegistry registry) {
        DATABASE.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    AlertChannelService channels;
    @Autowired
    NotificationDispatcher dispatcher;
    @Autowired
    QueueWorker worker;
    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newHttpClient();
    HttpServer receivers;

    @AfterEach
    void stopReceivers() {
        if (receivers != null) {
            receivers.stop(0);
        }
    }

    private HttpResponse<String> post(String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("content-type", "application/json");
        if (key != null) {
            request.header("x-api-key", key);
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> scrape(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> answer = scrape("Bearer " + TOKEN);
        assertThat(answer.statusCode()).as("the scrape with the metrics token").isEqualTo(200);
        assertThat(answer.headers().firstValue("content-type")).get().asString().startsWith("text/plain");
        return PrometheusText.parse(answer.body());
    }

    private static String error(long projectId) {
        return """
                {"data": {"error": {"name": "Error", "message": "boom",
                          "stack": "Error: boom\\n    at run (https://shop.example/static/app.min.js:1:1)"},
                          "project_id": %d, "release": "1.0", "handled": true}}""".formatted(projectId);
    }

    private void receiversFor(Caller owner, long projectId) throws Exception {
        receivers = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receivers.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int status = switch (exchange.getRequestURI().getPath()) {
                case "/hook" -> 200;
                case "/slack" -> 503; // tried again later: "failed"
                default -> 404;       // refused for good: "parked"
            };
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receivers.start();
        String base = "http://127.0.0.1:" + receivers.getAddress().getPort();
        channels.create(owner, projectId, "webhook", "hook", base + "/hook");
        channels.create(owner, projectId, "slack", "slack", base + "/slack");
        channels.create(owner, projectId, "discord", "discord", base + "/discord");
    }

    @Test
    void shouldRefuseTheScrapeWithoutTheMetricsToken() throws Exception {
        for (String refused : new String[]{null, "Bearer wrong-token", "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1),
                "Basic " + TOKEN, TOKEN}) {
            HttpResponse<String> answer = scrape(refused);
            assertThat(answer.statusCode()).as(String.valueOf(refused)).isEqualTo(401);
            assertThat(answer.headers().firstValue("WWW-Authenticate")).as(String.valueOf(refused)).get().asString().startsWith("Bearer");
            assertThat(answer.body()).as("no metric in a refusal").doesNotContain("flytrap_").doesNotContain("jvm_")
                    .doesNotContain("# TYPE");
        }
        assertThat(scrape("bearer " + TOKEN).statusCode()).as("the scheme is case-insensitive (RFC 7235)").isEqualTo(200);
    }

    @Test
    void shouldExposeEveryFlytrapMetricWithTheValuesRealTrafficGaveIt() throws Exception {
        QueuedEvents.deleteAll(jdbc); // the queue gauges are about this test's events only
        jdbc.sql("update notifications set state = 'sent'").update(); // other tests' leftovers are not ours to send
        Caller owner = TestAccounts.member(users, "metrics");
        CreatedProject shop = projects.create(owner, "Metrics shop " + UUID.randomUUID(), "javascript");
        long id = shop.project().id();
        String key = shop.key().publicKey();
        String project = Long.toString(id);
        artifacts.upload(owner, id, "1.0", null, "~/static/app.min.js", "source_map", """
                {"version":3,"file":"app.min.js","sources":["src/app.js"],"names":["run"],"mappings":"AAAA",
                 "sourcesContent":["function run() { throw new Error('boom') }"]}""".getBytes(StandardCharsets.UTF_8));
        receiversFor(owner, id);

        assertThat(post("/api/errors", key, error(id)).statusCode()).isEqualTo(200);
        assertThat(post("/api/errors", key, error(id)).statusCode()).isEqualTo(200);
        // before the outage: an unknown key is looked up in the database (a known one is cached)
        String secretLookingKey = "not-a-key-" + UUID.randomUUID();
        assertThat(post("/api/errors", secretLookingKey, error(id)).statusCode()).isEqualTo(401);
        DATABASE.cut();
        try {
            assertThat(post("/api/errors", key, error(id)).statusCode()).as("a queue that cannot take it").isEqualTo(503);
        } finally {
            DATABASE.restore();
        }
        // the pool's connections through the cut relay are dead: wait until the app reaches the database again
        // (readiness asks it, and counts nothing) before the steps below need it
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200));
        assertThat(post("/api/errors", key, error(id)).statusCode()).as("the third of 3 a minute was taken")
                .isEqualTo(429);
        assertThat(post("/api/errors", key, error(id).replace("boom", "x".repeat(20_000))).statusCode()).isEqualTo(413);
        assertThat(post("/api/errors", key, "{\"data\": ").statusCode()).isEqualTo(400);
        // A poison event, as an older Flytrap or a bug might have queued it; received and queued an hour ago (the age
        // counts from the queue time, which a replay renews)
        jdbc.sql("""
                        insert into event_queue (project_id, event_id, protocol, payload, meta, received_at, queued_at, available_at)
                        values (?, ?, ?, ?, '{}'::jsonb, now() - interval '1 hour', now() - interval '1 hour', now())""")
                .params(id, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL, "{not json".getBytes(StandardCharsets.UTF_8))
                .update();

        Map<String, String> flytrap = Map.of("application", "flytrap-functions");
        // the queue gauges read the queue at most once a second, and another test may have scraped within it
        PrometheusText queued = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250))
                .until(this::scrape, text -> text.value("flytrap_queue_depth", flytrap).equals(OptionalDouble.of(3)));
        assertThat(queued.types).containsEntry("flytrap_queue_depth", "gauge")
                .containsEntry("flytrap_queue_oldest_age_seconds", "gauge")
                .containsEntry("flytrap_queue_dead_letters", "gauge");
        assertThat(queued.value("flytrap_queue_depth", flytrap)).hasValue(3);
        assertThat(queued.value("flytrap_queue_oldest_age_seconds", flytrap).orElseThrow()).isBetween(3590.0, 3700.0);
        assertThat(queued.value("flytrap_queue_dead_letters", flytrap)).hasValue(0);

        while (worker.drainOnce() > 0) {
            // the two events and the poison one, which dies at once (max-attempts=1)
        }
        while (dispatcher.dispatchOnce() > 0) {
            // one new issue: one notification per channel and one e-mail, each tried once
        }
        Thread.sleep(1_100); // past the queue gauges' one-second reuse of a read

        PrometheusText scraped = scrape();
        assertThat(scraped.types).containsEntry("flytrap_ingest_events_accepted_total", "counter")
                .containsEntry("flytrap_ingest_events_rejected_total", "counter")
                .containsEntry("flytrap_ingest_events_dropped_total", "counter")
                .containsEntry("flytrap_processing_events_total", "counter")
                .containsEntry("flytrap_processing_failures_total", "counter")
                .containsEntry("flytrap_processing_batch_seconds", "histogram")
                .containsEntry("flytrap_notifications_total", "counter")
                .containsEntry("flytrap_sourcemaps_cache_total", "counter");
        assertThat(scraped.value("flytrap_ingest_events_accepted_total", Map.of("project", project))).hasValue(2);
        assertThat(scraped.value("flytrap_ingest_events_dropped_total", Map.of("project", project))).hasValue(1);
        assertThat(scraped.value("flytrap_ingest_events_rejected_total",
                Map.of("project", project, "reason", "rate_limit"))).hasValue(1);
        assertThat(scraped.value("flytrap_ingest_events_rejected_total",
                Map.of("project", "unknown", "reason", "auth"))).as("a key nobody has is not a project").hasValue(1);
        assertThat(scraped.value("flytrap_ingest_events_rejected_total",
                Map.of("project", project, "reason", "size"))).hasValue(1);
        assertThat(scraped.value("flytrap_ingest_events_rejected_total",
                Map.of("project", project, "reason", "invalid"))).hasValue(1);
        assertThat(scraped.named("flytrap_ingest_events_rejected_total"))
                .as("tags hold project ids and reasons, never what a client sent")
                .allSatisfy(sample -> assertThat(sample.labels().toString()).doesNotContain(secretLookingKey).doesNotContain(key));

        assertThat(scraped.value("flytrap_processing_events_total", flytrap)).hasValue(2);
        assertThat(scraped.value("flytrap_processing_failures_total", flytrap)).hasValue(1);
        assertThat(scraped.value("flytrap_processing_batch_seconds_count", flytrap)).hasValue(1);
        assertThat(scraped.value("flytrap_processing_batch_seconds_sum", flytrap).orElseThrow()).isPositive();
        assertThat(scraped.named("flytrap_processing_batch_seconds_bucket")).as("a histogram, for latency quantiles")
                .hasSizeGreaterThan(10);
        assertThat(scraped.value("flytrap_queue_depth", flytrap)).hasValue(0);
        assertThat(scraped.value("flytrap_queue_oldest_age_seconds", flytrap)).hasValue(0);
        assertThat(scraped.value("flytrap_queue_dead_letters", flytrap)).hasValue(1);

        assertThat(scraped.value("flytrap_notifications_total", Map.of("channel", "webhook", "outcome", "sent")))
                .hasValue(1);
        assertThat(scraped.value("flytrap_notifications_total", Map.of("channel", "slack", "outcome", "failed")))
                .hasValue(1);
        assertThat(scraped.value("flytrap_notifications_total", Map.of("channel", "discord", "outcome", "parked")))
                .hasValue(1);
        assertThat(scraped.value("flytrap_notifications_total", Map.of("channel", "email", "outcome", "parked")))
                .as("no mail server is configured: refused for good").hasValue(1);

        assertThat(scraped.value("flytrap_sourcemaps_cache_total", Map.of("result", "miss"))).hasValue(1);
        assertThat(scraped.value("flytrap_sourcemaps_cache_total", Map.of("result", "hit"))).hasValue(1);

        // Database pool saturation: Spring Boot binds HikariCP's own meters once a registry exists
        assertThat(scraped.types).containsEntry("hikaricp_connections_active", "gauge")
                .containsEntry("hikaricp_connections_pending", "gauge").containsEntry("hikaricp_connections_max", "gauge");
        assertThat(scraped.named("hikaricp_connections_max")).singleElement()
                .satisfies(max -> assertThat(max.value()).isPositive());
        assertThat(JsonMapper.builder().build().writeValueAsString(scraped.types)).doesNotContain(secretLookingKey);

        // The operations page and the Grafana dashboard name only metrics this scrape has
        for (String document : List.of("../docs/operations.md", "../docs/grafana/flytrap-dashboard.json")) {
            Matcher names = Pattern.compile("\\b((?:flytrap|hikaricp)_[a-z_]*[a-z])\\b").matcher(Files.readString(Path.of(document)));
            List<String> named = new ArrayList<>();
            while (names.find()) {
                named.add(names.group(1));
            }
            assertThat(named).as(document).isNotEmpty().allSatisfy(name -> assertThat(
                    !scraped.named(name).isEmpty() || scraped.types.containsKey(name)).as("%s in %s", name, document).isTrue());
        }
    }
}
