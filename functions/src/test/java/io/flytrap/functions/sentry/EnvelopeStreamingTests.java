package io.flytrap.functions.sentry;

import io.flytrap.core.ingest.IngestResult;
import io.flytrap.core.ingest.IngestService;
import io.flytrap.core.ingest.SentryIngestRequest;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.queue.QueuedEvent;
import io.flytrap.functions.RunningFlytrap;
import io.flytrap.testsupport.TestAccounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
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
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Envelopes are read item by item: each event is validated and handed to the queue as it arrives, and the first
 * fatal problem ends the read, so a small compressed body can no longer make ingest decompress and hold tens of
 * megabytes before refusing it (issue #19, item 2).
 * <p>
 * What an envelope with a fatal item (a broken item header, an item over a limit, an invalid event, a spent quota)
 * leaves accepted: exactly the events before that item, each already durably queued, and listed by id under
 * "accepted" in the error answer; nothing from that item on. Relay decides about an envelope only once it holds all
 * of it (up to 200 MB) — the cost this change removes — so there a broken last item also drops the events before it;
 * Sentry SDKs send one event per envelope, so for them both come to the same. A client that sends the envelope again
 * duplicates nothing: every queued event has an id fixed by the envelope (its own event_id, else the envelope's for
 * its first event, else one derived from its bytes and position), and processing stores an id once per project.
 */
class EnvelopeStreamingTests extends RunningFlytrap {

    /** The recipe: an invalid first item, then 48 items of 1 MB; about 48 KB once gzipped. */
    static byte[] abusiveEnvelope() throws IOException {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gzipped)) {
            out.write("{}\n{\"type\":\"event\",\"length\":8}\nnot json\n".getBytes(StandardCharsets.US_ASCII));
            byte[] megabyte = ("{\"message\":\"" + "x".repeat(1_000_000 - 14) + "\"}").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 48; i++) {
                out.write(("{\"type\":\"event\",\"length\":" + megabyte.length + "}\n").getBytes(StandardCharsets.US_ASCII));
                out.write(megabyte);
                out.write('\n');
            }
        }
        return gzipped.toByteArray();
    }

    @Autowired
    IngestService ingest;

    final HttpClient http = HttpClient.newHttpClient();
    CreatedProject project;

    @BeforeEach
    void project() {
        project = projects.create(TestAccounts.member(users, "stream"), "Stream", "node");
    }

    private static String hex(UUID id) {
        return id.toString().replace("-", "");
    }

    private static String eventItem(String eventJson) {
        return "{\"type\":\"event\",\"length\":" + eventJson.getBytes(StandardCharsets.UTF_8).length + "}\n" + eventJson + "\n";
    }

    private static String event(UUID id, String message) {
        return "{" + (id == null ? "" : "\"event_id\":\"" + hex(id) + "\",") + "\"platform\":\"node\",\"message\":\"" + message + "\"}";
    }

    private HttpResponse<String> post(String envelope) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/" + project.project().id() + "/envelope/"))
                .header("X-Sentry-Auth", "Sentry sentry_key=" + project.key().publicKey())
                .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long stored() {
        return jdbc.sql("select count(*) from events where project_id = ?").param(project.project().id()).query(Long.class).single();
    }

    /** Counts what a reader takes from the compressed body. */
    static final class CountingStream extends FilterInputStream {
        long read;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            read += b >= 0 ? 1 : 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            read += Math.max(n, 0);
            return n;
        }
    }

    @Test
    void shouldStopReadingAnAbusiveEnvelopeAtItsInvalidFirstItem() throws Exception {
        byte[] body = abusiveEnvelope();
        assertThat(body.length).as("the issue's 48 KB").isBetween(40_000, 60_000);
        CountingStream counted = new CountingStream(new ByteArrayInputStream(body));

        IngestResult result = ingest.ingestSentry(new SentryIngestRequest(project.project().id(), project.key().publicKey(),
                SentryIngestRequest.Endpoint.ENVELOPE, "gzip", (long) body.length, counted,
                Map.of(QueuedEvent.CLIENT_IP, "192.0.2.1")));

        assertThat(result).isInstanceOf(IngestResult.Rejected.class);
        assertThat(((IngestResult.Rejected) result).reason()).isEqualTo(IngestResult.Reason.INVALID);
        // One inflater refill (8 KB) decompresses far more than the first item: the 48 megabytes after it are
        // never inflated. Reading the whole envelope first took all of the body.
        assertThat(counted.read).as("compressed bytes read of " + body.length).isLessThan(16_384);
        assertThat(queued(project)).isZero();
    }

    @Test
    void shouldRefuseAnEnvelopeWithMoreItemsThanTheLimitAndQueueNoneOfItsEvents() throws Exception {
        StringBuilder envelope = new StringBuilder("{}\n");
        for (int i = 0; i < 101; i++) {
            envelope.append("{\"type\":\"client_report\"}\n{}\n");
        }

        HttpResponse<String> response = post(envelope.toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("more than 100 items");
        assertThat(queued(project)).isZero();
    }

    @Test
    void shouldKeepTheEventsBeforeAFatalItemNameThemAndNotDuplicateThemWhenTheEnvelopeIsSentAgain() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String envelope = "{}\n" + eventItem(event(first, "one")) + eventItem(event(second, "two"))
                + "{\"type\":\"event\",\"length\":-5}\n{}\n" + eventItem(event(UUID.randomUUID(), "after the fatal item"));

        HttpResponse<String> response = post(envelope);
        HttpResponse<String> again = post(envelope);
        drain();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("invalid length")
                .contains("\"accepted\":[\"" + hex(first) + "\",\"" + hex(second) + "\"]");
        assertThat(again.body()).isEqualTo(response.body());
        assertThat(stored()).as("the two events before the fatal item, once each; nothing after it").isEqualTo(2);
        assertThat(queued(project)).as("the second copies were done with, not retried into dead letters").isZero();
        assertThat(jdbc.sql("select count(*) from events where project_id = ? and event_id in (?, ?)")
                .params(project.project().id(), first, second).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void shouldGiveEveryEventOfAnEnvelopeItsOwnStableIdSoAResentEnvelopeDuplicatesNothing() throws Exception {
        UUID headerId = UUID.randomUUID();
        String withHeaderId = "{\"event_id\":\"" + hex(headerId) + "\"}\n" + eventItem(event(null, "a")) + eventItem(event(null, "b"));
        String withoutIds = "{}\n" + eventItem(event(null, "c")) + eventItem(event(null, "d"));

        for (String envelope : new String[]{withHeaderId, withoutIds, withHeaderId, withoutIds}) {
            HttpResponse<String> response = post(envelope);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        drain();

        assertThat(stored()).as("four distinct events, none lost to a shared id, none stored twice").isEqualTo(4);
        assertThat(queued(project)).isZero();
        assertThat(jdbc.sql("select count(*) from events where project_id = ? and event_id = ?")
                .params(project.project().id(), headerId).query(Long.class).single())
                .as("the envelope's event_id names its first event").isEqualTo(1);
    }
}
