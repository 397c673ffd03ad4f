package io.flytrap.functions.ingest;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.functions.RunningFlytrap;
import io.flytrap.testsupport.TestAccounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * U+0000 is legal in JSON text but PostgreSQL refuses it in text and jsonb. An event carrying it was answered 200
 * and then failed in processing on every attempt until it became a dead letter: accepted, then lost. Ingest now
 * replaces it with U+FFFD (the replacement character), so the event is stored and the spot stays visible.
 */
class NulCharacterIngestTests extends RunningFlytrap {

    /** \u0000 written as JSON escapes in every text field processing stores or derives a column from. */
    static final String SENTRY_EVENT = """
            {"event_id":"%s","platform":"node","level":"error","release":"web@1\\u0000","environment":"prod\\u0000",
             "server_name":"host\\u0000","message":"nul \\u0000 in the message","transaction":"/x\\u0000",
             "tags":{"k\\u0000ey":"val\\u0000ue"},"user":{"id":"u\\u0000","email":"a\\u0000@example.com"},
             "request":{"url":"https://example.com/\\u0000","method":"GET\\u0000","headers":{"X\\u0000":"y\\u0000"}},
             "contexts":{"os":{"name":"Linux\\u0000","version":"6\\u0000"}},"extra":{"\\u0000":"\\u0000"},
             "fingerprint":["{{ default }}","nul\\u0000"],
             "breadcrumbs":{"values":[{"message":"crumb\\u0000","category":"c\\u0000"}]},
             "exception":{"values":[{"type":"Type\\u0000Error","value":"bad \\u0000 value, not \\\\u0000","module":"m\\u0000",
               "stacktrace":{"frames":[{"filename":"/srv/\\u0000.js","function":"f\\u0000","lineno":1,
                 "context_line":"x\\u0000","in_app":true}]}}]}}""";

    final HttpClient http = HttpClient.newHttpClient();
    CreatedProject project;

    @BeforeEach
    void project() {
        project = projects.create(TestAccounts.member(users, "nul"), "Nul", "node");
    }

    private HttpResponse<String> post(String path, String contentType, String body, String header, String key)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("content-type", contentType).header(header, key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long stored(UUID eventId) {
        return jdbc.sql("select count(*) from events where project_id = ? and event_id = ?")
                .params(project.project().id(), eventId).query(Long.class).single();
    }

    private long leftInQueue() {
        return jdbc.sql("select count(*) from queued_events where project_id = ?").param(project.project().id())
                .query(Long.class).single();
    }

    @Test
    void shouldStoreASentryEventWithNulCharactersAsReplacementCharacters() throws Exception {
        UUID id = UUID.randomUUID();
        String event = SENTRY_EVENT.formatted(id.toString().replace("-", "")).replace("\n", "");
        String envelope = "{}\n{\"type\":\"event\"}\n" + event + "\n";

        HttpResponse<String> response = post("/api/" + project.project().id() + "/envelope/",
                "application/x-sentry-envelope", envelope, "X-Sentry-Auth", "Sentry sentry_key=" + project.key().publicKey());
        drain();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(stored(id)).as("the accepted event is stored, not retried into a dead letter").isEqualTo(1);
        assertThat(leftInQueue()).as("nothing pending or dead").isZero();
        String payload = jdbc.sql("select payload::text from events where event_id = ?").param(id).query(String.class).single();
        assertThat(payload).as("a NUL is replaced, the text backslash-u-0000 kept as it was")
                .contains("bad \uFFFD value, not \\\\u0000");
        assertThat(jdbc.sql("select release from events where event_id = ?").param(id).query(String.class).single())
                .isEqualTo("web@1\uFFFD");
        assertThat(jdbc.sql("select title from issues where project_id = ?").param(project.project().id())
                .query(String.class).single()).contains("\uFFFD");
    }

    @Test
    void shouldStoreANativeEventWithNulCharactersAsReplacementCharacters() throws Exception {
        String event = """
                {"data":{"error":{"name":"Type\\u0000Error","message":"nul \\u0000","stack":"Error: nul\\u0000\\n    at f (/srv/a\\u0000.js:1:2)"},
                 "codeContexts":[{"file":"/srv/a\\u0000.js","line":1,"context":"\\"x\\\\u0000\\""}],
                 "handled":true,"timestamp":"2026-12-05T13:12:24.050Z","project_id":"%d","method":"GET\\u0000",
                 "path":"/p\\u0000","ip":"127.0.0.1","os":"Linux\\u0000","runtime":"Node\\u0000",
                 "release":"r\\u0000","environment":"e\\u0000","tags":{"t\\u0000":"v\\u0000"},
                 "user":{"id":"u\\u0000"}}}""".formatted(project.project().id());

        HttpResponse<String> response = post("/api/errors", "application/json", event, "x-api-key", project.key().publicKey());
        drain();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        UUID id = UUID.fromString(response.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
        assertThat(stored(id)).as("the accepted event is stored, not retried into a dead letter").isEqualTo(1);
        assertThat(leftInQueue()).as("nothing pending or dead").isZero();
    }
}
