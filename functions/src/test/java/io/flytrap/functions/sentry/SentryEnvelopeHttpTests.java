package io.flytrap.functions.sentry;

import io.flytrap.testsupport.QueuedEvents;
import io.flytrap.core.ingest.IngestResult;
import io.flytrap.core.ingest.IngestService;
import io.flytrap.core.ingest.SentryIngestRequest;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.FunctionsApplication;
import io.flytrap.functions.process.QueueWorker;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = FunctionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false", "spring.flyway.enabled=true", "flytrap.ingest.max-decompressed-size=5MB"})
@UsesTestDatabase
class SentryEnvelopeHttpTests {

    static final String EVENT = """
            {"event_id":"%s","timestamp":1764151200.25,"platform":"node","level":"error","release":"web@1.0.0",
             "exception":{"values":[{"type":"TypeError","value":"x is not a function",
               "mechanism":{"type":"onunhandledrejection","handled":false},
               "stacktrace":{"frames":[{"filename":"/srv/app/cart.js","function":"checkout","lineno":7,"colno":3,"in_app":true}]}}]}}""";

    @LocalServerPort
    int port;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    IngestService ingest;
    @Autowired
    QueueWorker worker;
    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newHttpClient();
    CreatedProject project;
    CreatedProject other;

    @BeforeEach
    void projects() {
        QueuedEvents.deleteAll(jdbc);
        var owner = TestAccounts.member(users, "envelope");
        project = projects.create(owner, "Envelopes", "node");
        other = projects.create(owner, "Other", "node");
    }

    private static String hex(UUID id) {
        return id.toString().replace("-", "");
    }

    private static String envelope(String headerJson, String... items) {
        return headerJson + "\n" + String.join("\n", items) + "\n";
    }

    private static String eventItem(UUID id) {
        String event = EVENT.formatted(hex(id)).replace("\n", "");
        return "{\"type\":\"event\",\"length\":" + event.getBytes(StandardCharsets.UTF_8).length + "}\n" + event;
    }

    private HttpResponse<String> post(String path, byte[] body, String encoding, boolean withAuthHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("content-type", "application/x-sentry-envelope")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            request.header("content-encoding", encoding);
        }
        if (withAuthHeader) {
            request.header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_client=test/1.0, sentry_key=" + project.key().publicKey());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String envelopePath() {
        return "/api/" + project.project().id() + "/envelope/";
    }

    private long queued() {
        return jdbc.sql("select count(*) from queued_events where project_id in (?, ?)")
                .params(project.project().id(), other.project().id()).query(Long.class).single();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void shouldTakeTheEventOfAGzippedEnvelopeAndSkipEveryOtherItemType() throws Exception {
        UUID id = UUID.randomUUID();
        String attachment = "binary-ish attachment content";
        String body = envelope("{\"event_id\":\"" + hex(id) + "\",\"sent_at\":\"2026-11-26T10:00:00Z\"}",
                "{\"type\":\"session\"}\n{\"sid\":\"abc\",\"status\":\"ok\"}",
                eventItem(id),
                "{\"type\":\"attachment\",\"length\":" + attachment.length() + ",\"filename\":\"log.txt\"}\n" + attachment,
                "{\"type\":\"client_report\"}\n{\"discarded_events\":[]}",
                "{\"type\":\"transaction\"}\n{\"type\":\"transaction\",\"spans\":[]}",
                "{\"type\":\"some_future_type\",\"length\":3}\nabc");

        HttpResponse<String> response = post(envelopePath(), gzip(body.getBytes(StandardCharsets.UTF_8)), "gzip", true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"id\":\"" + hex(id) + "\"}");
        assertThat(queued()).as("only the event item is queued").isEqualTo(1);
    }

    @Test
    void shouldAcceptDeflateAndBrotliBodies() throws Exception {
        UUID id = UUID.randomUUID();
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (OutputStream out = new DeflaterOutputStream(deflated)) {
            out.write(envelope("{}", eventItem(id)).getBytes(StandardCharsets.UTF_8));
        }
        byte[] brotli;
        try (InputStream fixture = getClass().getResourceAsStream("/sentry/envelope-event.br")) {
            brotli = fixture.readAllBytes(); // made with Debian's brotli CLI: a ZeroDivisionError from "python"
        }

        HttpResponse<String> viaDeflate = post(envelopePath(), deflated.toByteArray(), "deflate", true);
        HttpResponse<String> viaBrotli = post(envelopePath(), brotli, "br", true);

        assertThat(viaDeflate.statusCode()).isEqualTo(200);
        assertThat(viaDeflate.body()).contains(hex(id));
        assertThat(viaBrotli.statusCode()).as(viaBrotli.body()).isEqualTo(200);
        assertThat(viaBrotli.body()).isEqualTo("{\"id\":\"b7c1e4f0a2d34c5e9f8a7b6c5d4e3f21\"}");
        assertThat(queued()).isEqualTo(2);
    }

    @Test
    void shouldStopADecompressionBombAtTheLimitKeepingOnlyTheEventBeforeIt() throws Exception {
        // 200 MB of zeros inside an attachment compress to about 200 KB
        UUID before = UUID.randomUUID();
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(bomb)) {
            gzip.write(envelope("{}", eventItem(before)).getBytes(StandardCharsets.UTF_8));
            gzip.write(("{\"type\":\"attachment\",\"length\":" + 200_000_000 + "}\n").getBytes(StandardCharsets.UTF_8));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                gzip.write(zeros);
            }
        }
        assertThat(bomb.size()).isLessThan(1_000_000);

        HttpResponse<String> response = post(envelopePath(), bomb.toByteArray(), "gzip", true);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("decompressed body exceeds the limit")
                .contains("\"accepted\":[\"" + hex(before) + "\"]");
        // Items are handed on as they are read (EnvelopeStreamingTests): the event was queued before the bomb began
        assertThat(queued()).as("the event before the bomb, nothing of the bomb").isEqualTo(1);
    }

    @Test
    void shouldRefuseAnOversizedEventItem() throws Exception {
        String huge = "{\"message\":\"" + "x".repeat(1_100_000) + "\"}";
        String body = envelope("{}", "{\"type\":\"event\",\"length\":" + huge.length() + "}\n" + huge);

        HttpResponse<String> response = post(envelopePath(), gzip(body.getBytes(StandardCharsets.UTF_8)), "gzip", true);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("event exceeds the limit");
        assertThat(queued()).isZero();
    }

    @Test
    void shouldRefuseDeeplyNestedJsonAndMalformedEnvelopes() throws Exception {
        String deep = "{\"extra\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        HttpResponse<String> nested = post(envelopePath(), envelope("{}", "{\"type\":\"event\"}\n" + deep)
                .getBytes(StandardCharsets.UTF_8), null, true);
        HttpResponse<String> notJson = post(envelopePath(), "this is not an envelope\n".getBytes(StandardCharsets.UTF_8), null, true);
        HttpResponse<String> badGzip = post(envelopePath(), "not gzip at all".getBytes(StandardCharsets.UTF_8), "gzip", true);

        assertThat(nested.statusCode()).isEqualTo(400);
        assertThat(nested.body()).contains("\"error\"");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("envelope header");
        assertThat(badGzip.statusCode()).isEqualTo(400);
        assertThat(queued()).isZero();
    }

    @Test
    void shouldNotReadTheBodyOfARequestWithAnUnknownKey() {
        InputStream tripwire = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body of an unauthenticated request was read");
            }
        };

        IngestResult result = ingest.ingestSentry(new SentryIngestRequest(project.project().id(), "0".repeat(32),
                SentryIngestRequest.Endpoint.ENVELOPE, null, 50_000_000L, tripwire, Map.of()));

        assertThat(result).isEqualTo(new IngestResult.Rejected(IngestResult.Reason.UNAUTHORIZED, "missing, unknown or revoked key"));
    }

    @Test
    void shouldAnswer401ForUnknownKeysAnd403ForAnotherProjectsKey() throws Exception {
        byte[] body = envelope("{}", eventItem(UUID.randomUUID())).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> noKey = post(envelopePath(), body, null, false);
        HttpResponse<String> otherProjectsKey = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/" + other.project().id() + "/envelope/"))
                .header("X-Sentry-Auth", "Sentry sentry_key=" + project.key().publicKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        String otherDsn = "http://" + other.key().publicKey() + "@localhost/" + other.project().id();
        HttpResponse<String> otherDsnInHeader = post(envelopePath(), envelope("{\"dsn\":\"" + otherDsn + "\"}",
                eventItem(UUID.randomUUID())).getBytes(StandardCharsets.UTF_8), null, false);

        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(otherProjectsKey.statusCode()).isEqualTo(403);
        assertThat(otherDsnInHeader.statusCode()).isEqualTo(403);
        assertThat(otherDsnInHeader.body()).contains("does not belong to project " + project.project().id());
        assertThat(queued()).isZero();
    }

    @Test
    void shouldAuthenticateByQueryParameterOrEnvelopeDsnAndHonourADsnPathPrefix() throws Exception {
        byte[] byDsn = envelope("{\"dsn\":\"http://" + project.key().publicKey() + "@localhost/errors/" + project.project().id() + "\"}",
                eventItem(UUID.randomUUID())).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> viaQuery = post(envelopePath() + "?sentry_key=" + project.key().publicKey() + "&sentry_version=7",
                envelope("{}", eventItem(UUID.randomUUID())).getBytes(StandardCharsets.UTF_8), null, false);
        HttpResponse<String> viaDsnAndPrefix = post("/errors" + envelopePath(), byDsn, null, false);

        assertThat(viaQuery.statusCode()).isEqualTo(200);
        assertThat(viaDsnAndPrefix.statusCode()).as(viaDsnAndPrefix.body()).isEqualTo(200);
        assertThat(queued()).isEqualTo(2);
    }

    @Test
    void shouldAcceptTheStoreEndpointAndStoreARepeatedEventOnce() throws Exception {
        UUID id = UUID.randomUUID();
        byte[] event = EVENT.formatted(hex(id)).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> first = post("/api/" + project.project().id() + "/store/", event, null, true);
        HttpResponse<String> again = post("/api/" + project.project().id() + "/store/", event, null, true);
        while (worker.drainOnce() > 0) {
            // process both deliveries
        }

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body()).isEqualTo("{\"id\":\"" + hex(id) + "\"}");
        assertThat(jdbc.sql("select count(*) from events where project_id = ? and event_id = ?")
                .params(project.project().id(), id).query(Long.class).single()).as("stored once").isEqualTo(1);
        assertThat(jdbc.sql("select event_count from issues where project_id = ?").param(project.project().id())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select unhandled from issues where project_id = ?").param(project.project().id())
                .query(Boolean.class).single()).as("mechanism handled=false").isTrue();
    }

    @Test
    void shouldAnswerAnEnvelopeWithoutEventsWithItsHeaderId() throws Exception {
        UUID id = UUID.randomUUID();
        HttpResponse<String> withId = post(envelopePath(), envelope("{\"event_id\":\"" + hex(id) + "\"}",
                "{\"type\":\"session\"}\n{}").getBytes(StandardCharsets.UTF_8), null, true);
        HttpResponse<String> withoutId = post(envelopePath(), envelope("{}", "{\"type\":\"client_report\"}\n{}")
                .getBytes(StandardCharsets.UTF_8), null, true);

        assertThat(withId.statusCode()).isEqualTo(200);
        assertThat(withId.body()).isEqualTo("{\"id\":\"" + hex(id) + "\"}");
        assertThat(withoutId.statusCode()).isEqualTo(200);
        assertThat(withoutId.body()).isEqualTo("{}");
        assertThat(queued()).isZero();
    }
}
