package io.flytrap.functions.ingest;

import io.flytrap.core.ingest.IngestRequest;
import io.flytrap.core.ingest.IngestResult;
import io.flytrap.core.ingest.IngestService;
import io.flytrap.core.ingest.SentryIngestRequest;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.QueuedEvent;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.FunctionsApplication;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest reads a body whose length the request declares straight into an array of that length (issue #24): the
 * declared length is only a hint. Whatever it says — the truth, too little, too much, nothing — the event queued is
 * the body as sent, a body over the event limit is refused with the same message, and no more than one byte past the
 * limit is ever read.
 */
@SpringBootTest(classes = FunctionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false", "spring.flyway.enabled=true",
                "flytrap.ingest.max-event-size=" + IngestBodyReadTests.MAX + "B",
                "flytrap.ingest.failure-budget.per-address-per-minute=100000",
                "flytrap.ingest.failure-budget.per-key-per-minute=100000"})
@UsesTestDatabase
class IngestBodyReadTests {

    static final int MAX = 4096;
    private static final String TOO_LARGE = "event exceeds the limit of " + MAX + " bytes";

    @Autowired
    IngestService ingest;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;

    CreatedProject project;

    @BeforeEach
    void project() {
        project = projects.create(TestAccounts.member(users, "body-read"), "Body read", "node");
    }

    /** A valid native event of exactly {@code size} bytes (ASCII), for this test's project. */
    private byte[] nativeEvent(int size) {
        String head = "{\"data\":{\"project_id\":\"" + project.project().id() + "\",\"error\":{\"name\":\"E\",\"message\":\"";
        String tail = "\"}}}";
        int padding = size - head.length() - tail.length();
        assertThat(padding).as("room for the event's own fields").isNotNegative();
        return (head + "x".repeat(padding) + tail).getBytes(StandardCharsets.US_ASCII);
    }

    /** Counts what is read from it, so a test can say how far ingest read. */
    private static final class CountingStream extends FilterInputStream {
        long read;

        CountingStream(byte[] bytes) {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                read++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                read += n;
            }
            return n;
        }
    }

    private IngestResult sendNative(InputStream body, String encoding, Long declaredLength) {
        return ingest.ingest(new IngestRequest(project.key().publicKey(), NativePayloadParser.ERROR_PROTOCOL, encoding,
                declaredLength, body, Map.of(QueuedEvent.CLIENT_IP, "192.0.2.7"), null));
    }

    private byte[] queuedPayload(UUID eventId) {
        return jdbc.sql("select payload from queued_events where project_id = ? and event_id = ?")
                .params(project.project().id(), eventId).query(byte[].class).single();
    }

    private long queued() {
        return jdbc.sql("select count(*) from queued_events where project_id = ?").param(project.project().id())
                .query(Long.class).single();
    }

    @Test
    void shouldQueueTheBodyAsSentOrRefuseItOverTheLimitWhateverLengthIsDeclared() {
        List<String> checked = new ArrayList<>();
        for (int size : new int[]{200, MAX - 1, MAX, MAX + 1, 2 * MAX + 17}) {
            byte[] body = nativeEvent(size);
            List<Long> declared = Arrays.asList(null, 0L, 1L, (long) size - 1, (long) size, (long) size + 1,
                    (long) MAX, (long) MAX + 1);
            for (Long length : declared) {
                String what = size + " bytes declared as " + length;
                long queuedBefore = queued();
                CountingStream stream = new CountingStream(body);

                IngestResult result = sendNative(stream, null, length);

                if (size <= MAX) {
                    assertThat(result).as(what).isInstanceOf(IngestResult.Accepted.class);
                    assertThat(queuedPayload(((IngestResult.Accepted) result).eventId())).as(what).isEqualTo(body);
                    assertThat(stream.read).as(what).isEqualTo(size);
                } else {
                    assertThat(result).as(what).isEqualTo(new IngestResult.Rejected(IngestResult.Reason.TOO_LARGE, TOO_LARGE));
                    assertThat(queued()).as(what + ": nothing queued").isEqualTo(queuedBefore);
                    assertThat(stream.read).as(what + ": never more than one byte past the limit").isEqualTo(MAX + 1);
                }
                checked.add(what);
            }
        }
        assertThat(checked).hasSize(40);
    }

    @Test
    void shouldReadAGzippedBodyPastItsDeclaredCompressedLength() throws IOException {
        byte[] body = nativeEvent(3000);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(body);
        }
        byte[] wire = compressed.toByteArray();
        assertThat(wire.length).as("compression shrinks the padding").isLessThan(body.length / 10);

        IngestResult result = sendNative(new ByteArrayInputStream(wire), "gzip", (long) wire.length);

        assertThat(result).isInstanceOf(IngestResult.Accepted.class);
        assertThat(queuedPayload(((IngestResult.Accepted) result).eventId())).isEqualTo(body);
    }

    @Test
    void shouldReadASentryStoreBodyTheSameWay() {
        byte[] event = "{\"message\":\"stored\",\"platform\":\"node\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] oversized = ("{\"message\":\"" + "y".repeat(MAX) + "\"}").getBytes(StandardCharsets.US_ASCII);

        IngestResult shortDeclared = ingest.ingestSentry(new SentryIngestRequest(project.project().id(),
                project.key().publicKey(), SentryIngestRequest.Endpoint.STORE, null, 5L, new ByteArrayInputStream(event),
                Map.of()));
        IngestResult tooLarge = ingest.ingestSentry(new SentryIngestRequest(project.project().id(),
                project.key().publicKey(), SentryIngestRequest.Endpoint.STORE, null, 5L, new ByteArrayInputStream(oversized),
                Map.of()));

        assertThat(shortDeclared).isInstanceOf(IngestResult.Accepted.class);
        assertThat(queuedPayload(((IngestResult.Accepted) shortDeclared).eventId())).isEqualTo(event);
        assertThat(tooLarge).isEqualTo(new IngestResult.Rejected(IngestResult.Reason.TOO_LARGE, TOO_LARGE));
    }
}
