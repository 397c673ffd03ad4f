package io.flytrap.functions.queue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.FunctionsApplication;
import io.flytrap.functions.aws.LocalAws;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQS queue with real protocol peers in the JVM (ElasticMQ as SQS, s3proxy as S3): ingest over HTTP puts
 * each event in one message, the process function stores it from an SQS batch and names only the messages that
 * failed; a redelivery stores nothing twice; an event too large for a message travels as a claim check in S3.
 */
@SpringBootTest(classes = FunctionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.queue.type=sqs", "flytrap.queue.sqs.queue=flytrap-events", "flytrap.queue.sqs.claim-bucket=flytrap-claims",
                "flytrap.queue.sqs.max-message-size=200KB", "flytrap.ingest.max-event-size=2MB", "spring.flyway.enabled=true",
                "flytrap.worker.enabled=false"}) // this test plays the Lambda service: it receives and invokes processSqs
@UsesTestDatabase
class SqsQueueTests {

    static SqsClient sqs;
    static String queueUrl;

    @BeforeAll
    static void queueAndBucket() {
        sqs = LocalAws.sqsClient();
        queueUrl = sqs.createQueue(create -> create.queueName("flytrap-events")).queueUrl();
        LocalAws.createBucket("flytrap-claims");
    }

    @DynamicPropertySource
    static void localAws(DynamicPropertyRegistry registry) {
        LocalAws.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Function<SQSEvent, SQSBatchResponse> processSqs;
    @Autowired
    Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> ingest;

    final HttpClient http = HttpClient.newHttpClient();
    CreatedProject project;

    @BeforeEach
    void projectAndEmptyQueue() {
        project = projects.create(TestAccounts.member(users, "sqs"), "Lambda shop", "javascript");
        sqs.purgeQueue(purge -> purge.queueUrl(queueUrl));
    }

    private int post(String message) throws Exception {
        return post(message, "");
    }

    private int post(String message, String extra) throws Exception {
        String body = """
                {"data": {"project_id": %d, "error": {"name": "Error", "message": "%s",
                 "stack": "Error: x\\n    at pay (https://shop.example/app.js:1:1)"}%s}}""".formatted(project.project().id(), message, extra);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/errors"))
                        .header("content-type", "application/json").header("x-api-key", project.key().publicKey())
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private List<Message> receive(int count) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 20 && messages.size() < count; i++) {
            messages.addAll(sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
        }
        return messages;
    }

    private static SQSEvent batch(List<Message> messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(m -> {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setBody(m.body());
            record.setEventSource("aws:sqs");
            return record;
        }).toList());
        return event;
    }

    private long stored() {
        return jdbc.sql("select count(*) from events where project_id = ?").param(project.project().id()).query(Long.class).single();
    }

    @Test
    void shouldQueueIngestedEventsInSqsAndStoreThemFromABatchOnce() throws Exception {
        assertThat(post("first")).isEqualTo(200);
        assertThat(post("second")).isEqualTo(200);
        List<Message> messages = receive(2);
        assertThat(messages).hasSize(2);
        assertThat(jdbc.sql("select count(*) from queued_events where project_id = ?").param(project.project().id())
                .query(Long.class).single()).as("not in the PostgreSQL queue").isZero();

        assertThat(processSqs.apply(batch(messages)).getBatchItemFailures()).isEmpty();
        assertThat(stored()).isEqualTo(2);

        assertThat(processSqs.apply(batch(messages)).getBatchItemFailures()).as("a redelivery is no failure").isEmpty();
        assertThat(stored()).as("and stores nothing twice").isEqualTo(2);
    }

    @Test
    void shouldReportOnlyThePoisonMessageOfABatchAsFailed() throws Exception {
        assertThat(post("good")).isEqualTo(200);
        List<Message> messages = new ArrayList<>(receive(1));
        messages.add(Message.builder().messageId("poison-1").body("{\"not\": \"ours\"}").build());

        SQSBatchResponse response = processSqs.apply(batch(messages));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("poison-1");
        assertThat(stored()).as("the good message is stored all the same").isOne();
    }

    @Test
    void shouldCarryAnEventTooLargeForAMessageAsAClaimCheckInS3() throws Exception {
        // 1.5 MB (strings are limited to 1 MB each): over the message limit (200 KB here, 1 MiB on AWS)
        String context = ", \"contexts\": {\"cart\": {\"a\": \"" + "y".repeat(300_000) + "\", \"b\": \"" + "z".repeat(300_000) + "\"}}";
        assertThat(post("x".repeat(900_000), context)).isEqualTo(200);
        List<Message> messages = receive(1);
        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.body()).contains("\"claim\":\"claims/" + project.project().id() + "/").doesNotContain("xxxxxxxxxx");
            assertThat(m.body().length()).isLessThan(2_000);
        });

        assertThat(processSqs.apply(batch(messages)).getBatchItemFailures()).isEmpty();
        assertThat(stored()).isOne();
        String message = jdbc.sql("select payload -> 'exceptions' -> 0 ->> 'message' from events where project_id = ?")
                .param(project.project().id()).query(String.class).single();
        assertThat(message).hasSize(900_000);
    }

    private static APIGatewayV2HTTPEvent apiGateway(String method, String path, Map<String, String> headers,
                                                    Map<String, String> query, byte[] body, boolean base64) {
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRawPath(path).withHeaders(headers)
                .withQueryStringParameters(query)
                .withBody(body == null ? null : base64 ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8))
                .withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path)
                                .withSourceIp("203.0.113.7").withUserAgent("test").build()).build())
                .build();
    }

    @Test
    void shouldTakeApiGatewayRequestsLikeTheContainersDo() throws Exception {
        String event = """
                {"data": {"project_id": %d, "error": {"name": "Error", "message": "from lambda"}}}""".formatted(project.project().id());
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(event.getBytes(StandardCharsets.UTF_8));
        }
        APIGatewayV2HTTPResponse accepted = ingest.apply(apiGateway("POST", "/api/errors",
                Map.of("x-api-key", project.key().publicKey(), "content-encoding", "gzip"), Map.of(), gzipped.toByteArray(), true));
        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(200);
        assertThat(accepted.getBody()).matches("\\{\"id\":\"[0-9a-f-]{36}\"\\}");
        assertThat(accepted.getHeaders()).containsEntry("Access-Control-Allow-Origin", "*");

        String envelope = "{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\"}\n{\"type\":\"event\"}\n"
                + "{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\",\"message\":\"from a Sentry SDK\",\"platform\":\"node\"}\n";
        APIGatewayV2HTTPResponse sentry = ingest.apply(apiGateway("POST", "/prod/api/" + project.project().id() + "/envelope/",
                Map.of(), Map.of("sentry_key", project.key().publicKey()), envelope.getBytes(StandardCharsets.UTF_8), false));
        assertThat(sentry.getStatusCode()).as(sentry.getBody()).isEqualTo(200);
        assertThat(sentry.getBody()).isEqualTo("{\"id\":\"9ec79c33ec9942ab8353589fcb2e04dc\"}");

        APIGatewayV2HTTPResponse badKey = ingest.apply(apiGateway("POST", "/prod/api/errors", Map.of("x-api-key", "nope"), Map.of(),
                event.getBytes(StandardCharsets.UTF_8), false));
        assertThat(badKey.getStatusCode()).isEqualTo(401);
        APIGatewayV2HTTPResponse malformed = ingest.apply(apiGateway("POST", "/api/errors",
                Map.of("x-api-key", project.key().publicKey()), Map.of(), "{not json".getBytes(StandardCharsets.UTF_8), false));
        assertThat(malformed.getStatusCode()).isEqualTo(400);
        assertThat(ingest.apply(apiGateway("OPTIONS", "/api/errors", Map.of(), Map.of(), null, false)).getStatusCode()).isEqualTo(200);
        assertThat(ingest.apply(apiGateway("POST", "/api/other", Map.of(), Map.of(), null, false)).getStatusCode()).isEqualTo(404);

        List<Message> messages = receive(2);
        assertThat(messages).as("only the two accepted events were queued").hasSize(2);
        assertThat(processSqs.apply(batch(messages)).getBatchItemFailures()).isEmpty();
        assertThat(jdbc.sql("select payload ->> 'message' from events where project_id = ? and payload ->> 'message' is not null")
                .param(project.project().id()).query(String.class).list()).containsExactly("from a Sentry SDK");
        assertThat(stored()).isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from events where project_id = ? and user_key is not null")
                .param(project.project().id()).query(Long.class).single())
                .as("the caller's address from API Gateway counts the affected user, as over HTTP").isEqualTo(2);
    }
}
