package io.flytrap.functions.ingest;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.functions.RunningFlytrap;
import io.flytrap.functions.original.CapturedPost;
import io.flytrap.testsupport.TestAccounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client whose connection was reset after its event was committed cannot know it was, and retries. With an
 * {@code Idempotency-Key} header (or an event_id in the body) the retry names the same event, and processing stores
 * an event id once per project (EventStore drops ids already stored; events has unique (project_id, event_id)), so
 * it is one event, not two. The original SDKs send neither, and their retries are two events: that is documented,
 * and pinned here so it does not change unnoticed.
 */
class IdempotencyKeyIngestTests extends RunningFlytrap {

    final HttpClient http = HttpClient.newHttpClient();
    CreatedProject project;

    @BeforeEach
    void project() {
        project = projects.create(TestAccounts.member(users, "idempotency"), "Retries " + UUID.randomUUID(), "node");
    }

    private String event(CreatedProject target) {
        return CapturedPost.named("05-flytrap_javascript.json").bodyFor(target.project().id());
    }

    private String postRaw(CreatedProject target, String body, String idempotencyKey) throws Exception {
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/errors HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "x-api-key: " + target.key().publicKey() + "\r\nIdempotency-Key: " + idempotencyKey + "\r\n"
                + "Content-Length: " + payload.length + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(payload);
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private HttpResponse<String> post(CreatedProject target, String body, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/errors"))
                .header("content-type", "application/json").header("x-api-key", target.key().publicKey())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long stored(CreatedProject target) {
        return jdbc.sql("select count(*) from events where project_id = ?").param(target.project().id())
                .query(Long.class).single();
    }

    private static String id(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void shouldStoreARetryWithTheSameIdempotencyKeyOnce() throws Exception {
        String key = UUID.randomUUID().toString();

        String first = id(post(project, event(project), key));
        // the retry may differ (a client that rebuilds the body stamps a new time): the key alone names the event
        String retry = id(post(project, event(project).replace("\"handled\"", "\"retried\":true,\"handled\""), key));
        String quoted = id(post(project, event(project), "\"" + key + "\"")); // the draft's structured-field form
        drain();

        assertThat(retry).as("the retry is answered with the id of the event it repeats").isEqualTo(first);
        assertThat(quoted).isEqualTo(first);
        assertThat(stored(project)).as("one event, not three").isEqualTo(1);
        assertThat(queued(project)).as("nothing left over or dead").isZero();
    }

    @Test
    void shouldKeepEventsWithDifferentKeysOrOfDifferentProjectsApart() throws Exception {
        CreatedProject other = projects.create(TestAccounts.member(users, "idempotency"), "Other " + UUID.randomUUID(), "node");

        String a = id(post(project, event(project), "key-a"));
        String b = id(post(project, event(project), "key-b"));
        String elsewhere = id(post(other, event(other), "key-a"));
        drain();

        assertThat(a).isNotEqualTo(b).isNotEqualTo(elsewhere);
        assertThat(stored(project)).as("two keys, two events: a key must not swallow another event").isEqualTo(2);
        assertThat(stored(other)).as("a key names an event within its project only").isEqualTo(1);
    }

    @Test
    void shouldRefuseAnUnusableIdempotencyKeyAndQueueNothing() throws Exception {
        for (String unusable : new String[]{"k".repeat(256), "with space", "\"\""}) {
            HttpResponse<String> response = post(project, event(project), unusable);

            assertThat(response.statusCode()).as(unusable).isEqualTo(400);
            assertThat(response.body()).contains("Idempotency-Key");
        }
        // java.net.http writes a header as ASCII ("caf?"), so a non-ASCII key goes over a socket as UTF-8 bytes
        assertThat(postRaw(project, event(project), "caf\u00e9")).startsWith("HTTP/1.1 400").contains("Idempotency-Key");
        assertThat(queued(project)).as("a refused request leaves nothing behind").isZero();
    }

    @Test
    void shouldStoreARetryThatNamesItsEventIdInTheBodyOnce() throws Exception {
        UUID eventId = UUID.randomUUID();
        String body = event(project).replace("\"data\":{", "\"data\":{\"event_id\":\"" + eventId + "\",");

        assertThat(id(post(project, body, null))).isEqualTo(eventId.toString());
        assertThat(id(post(project, body, null))).isEqualTo(eventId.toString());
        drain();

        assertThat(stored(project)).isEqualTo(1);
    }

    @Test
    void shouldStoreTwoEventsWhenARetryCarriesNoKeyAtAll() throws Exception {
        // What the original SDKs do: nothing tells a retry from a second, identical error (documented in the README)
        id(post(project, event(project), null));
        id(post(project, event(project), null));
        drain();

        assertThat(stored(project)).isEqualTo(2);
    }
}
