package io.flytrap.dashboard.deadletters;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import io.flytrap.core.ingest.IngestRequest;
import io.flytrap.core.ingest.IngestResult;
import io.flytrap.core.ingest.IngestService;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.DeadLetter;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.User;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #23's done-when on AWS's queue: ElasticMQ as a real SQS (with a redrive policy: two receives, then the
 * dead-letter queue) and the SQS queue worker processing. A poison event (refused by a constraint the test adds, as
 * in DeadLettersTests) ends in the dead-letter queue; the API lists it with its project, last error, attempts and
 * first failure, and so does the admin page (a browserless view test, as in DeadLettersTests); after the fix one is
 * replayed by id, one with the page's Replay action, one through "replay all" (SQS's message move task) and one
 * deleted; each replayed event is stored exactly once, the deleted one never. ElasticMQ is started here rather than
 * through the functions module's LocalAws, which also brings s3proxy and its Jetty into this web application's tests.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.queue.type=sqs", "flytrap.queue.sqs.queue=dead-letter-api-events",
                "flytrap.queue.sqs.claim-bucket=unused-claims"})
@UsesTestDatabase
class SqsDeadLettersTests extends SpringBrowserlessTest {

    static final String FAULT = "sqs_dead_letter_fault_for_tests";
    static final int PORT = freePort();
    static final SQSRestServer SQS_SERVER = SQSRestServerBuilder.withPort(PORT).withInterface("127.0.0.1").start();
    static final SqsClient SQS = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + PORT))
            .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test-secret")))
            .build();
    static final String DEAD_URL;
    static final String QUEUE_URL;

    static {
        SQS_SERVER.waitUntilStarted();
        DEAD_URL = SQS.createQueue(create -> create.queueName("dead-letter-api-events-dead")).queueUrl();
        String deadArn = SQS.getQueueAttributes(get -> get.queueUrl(DEAD_URL).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        QUEUE_URL = SQS.createQueue(create -> create.queueName("dead-letter-api-events").attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"2\",\"deadLetterTargetArn\":\"" + deadArn + "\"}")))
                .queueUrl();
    }

    @DynamicPropertySource
    static void localSqs(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.aws.region.static", () -> "us-east-1");
        registry.add("spring.cloud.aws.credentials.access-key", () -> "test");
        registry.add("spring.cloud.aws.credentials.secret-key", () -> "test-secret");
        registry.add("spring.cloud.aws.sqs.endpoint", () -> "http://127.0.0.1:" + PORT);
    }

    @AfterAll
    static void stopSqs() {
        SQS.close();
        SQS_SERVER.stopAndWait();
    }

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    ProjectService projects;
    @Autowired
    IngestService ingest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    final HttpClient http = HttpClient.newHttpClient();
    CreatedProject project;

    @AfterEach
    void fixTheCauseAndSignOut() {
        jdbc.sql("alter table events drop constraint if exists " + FAULT).update();
        SecurityContextHolder.clearContext();
    }

    private void ingest(UUID eventId, String marker) {
        String body = """
                {"data": {"error": {"name": "TypeError", "message": "%s password=hunter2"}, "release": "poisoned@1",
                          "event_id": "%s", "project_id": %d}}""".formatted(marker, eventId, project.project().id());
        IngestResult result = ingest.ingest(new IngestRequest(project.key().publicKey(), NativePayloadParser.ERROR_PROTOCOL,
                null, null, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), Map.of(), null));
        assertThat(result).isInstanceOf(IngestResult.Accepted.class);
    }

    private long stored(UUID eventId) {
        return jdbc.sql("select count(*) from events where event_id = ?").param(eventId).query(Long.class).single();
    }

    private static long messages(String queueUrl) {
        Map<QueueAttributeName, String> attributes = SQS.getQueueAttributes(get -> get.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private HttpResponse<String> send(String method, String path, String bearer, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json").header("Authorization", "Bearer " + bearer).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String idOf(JsonNode page, UUID eventId) {
        for (JsonNode item : page.get("items")) {
            if (item.get("eventId").asString().equals(eventId.toString())) {
                return item.get("id").asString();
            }
        }
        throw new AssertionError("not listed: " + eventId + " in " + page);
    }

    @Test
    void shouldListSqsDeadLettersAndStoreEachReplayedEventExactlyOnce() throws Exception {
        User admin = users.create(TestAccounts.email("sqs-dead-letter-admin"), TestAccounts.PASSWORD, Role.ADMIN);
        String adminToken = tokens.issue(admin.id(), "operator").token();
        User member = users.create(TestAccounts.email("sqs-dead-letter-member"), TestAccounts.PASSWORD, Role.MEMBER);
        String memberToken = tokens.issue(member.id(), "member").token();
        project = projects.create(member.asCaller(), "Checkout", "node");
        jdbc.sql("alter table events add constraint " + FAULT + " check (release is distinct from 'poisoned@1') not valid")
                .update();
        UUID byId = UUID.randomUUID();
        UUID byMove = UUID.randomUUID();
        UUID deleted = UUID.randomUUID();
        UUID byPage = UUID.randomUUID();
        ingest(byId, "FIRST-MARKER");
        ingest(byMove, "SECOND-MARKER");
        ingest(deleted, "THIRD-MARKER");
        ingest(byPage, "FOURTH-MARKER");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(messages(DEAD_URL)).as("SQS moved the poison messages").isEqualTo(4));
        assertThat(stored(byId) + stored(byMove) + stored(deleted) + stored(byPage)).as("refused every time").isZero();

        HttpResponse<String> listed = send("GET", "/api/v1/dead-letters", adminToken, null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode page = json.readTree(listed.body());
        assertThat(page.get("total").longValue()).isEqualTo(4);
        assertThat(page.get("items")).hasSize(4);
        JsonNode letter = page.get("items").get(0);
        assertThat(letter.get("project").get("name").asString()).isEqualTo("Checkout");
        assertThat(letter.get("attempts").intValue()).as("one failure per receive before the redrive").isEqualTo(2);
        assertThat(letter.get("lastError").asString()).contains(FAULT);
        assertThat(letter.get("firstFailure").isNull() || letter.get("lastFailure").isNull()).isFalse();
        assertThat(letter.get("receivedAt").isNull()).isFalse();
        assertThat(listed.body()).as("the error describes the failure, never the event")
                .doesNotContain("MARKER").doesNotContain("hunter2");
        assertThat(messages(DEAD_URL)).as("listing released what it received").isEqualTo(4);
        assertThat(send("GET", "/api/v1/dead-letters", memberToken, null).statusCode()).isEqualTo(403);
        String replayId = idOf(page, byId);
        String deleteId = idOf(page, deleted);
        assertThat(send("POST", "/api/v1/dead-letters/replay", memberToken, "{\"ids\": [\"" + replayId + "\"]}").statusCode())
                .isEqualTo(403);
        assertThat(send("DELETE", "/api/v1/dead-letters/" + deleteId, memberToken, null).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/v1/dead-letters/replay", adminToken,
                "{\"ids\": [\"" + replayId + "\", \"no-such-message\"]}").statusCode()).as("all or nothing").isEqualTo(404);
        assertThat(messages(DEAD_URL)).as("nothing refused changed anything").isEqualTo(4);

        assertThat(send("DELETE", "/api/v1/dead-letters/" + deleteId, adminToken, null).statusCode()).isEqualTo(204);
        assertThat(send("DELETE", "/api/v1/dead-letters/" + deleteId, adminToken, null).statusCode()).isEqualTo(404);
        jdbc.sql("alter table events drop constraint " + FAULT).update(); // the cause, fixed

        signInAs(admin);
        navigate("dead-letters", DeadLettersView.class);
        @SuppressWarnings("unchecked")
        Grid<DeadLetter> grid = $(Grid.class).withId("dead-letters").single();
        assertThat(test(grid).size()).as("the page lists the SQS dead letters the API lists").isEqualTo(3);
        assertThat($(Span.class).withId("dead-letter-total").single().getText()).isEqualTo("3 waiting");
        int row = rowOf(grid, byPage);
        assertThat(test(grid).getCellText(row, 0)).isEqualTo("Checkout");
        assertThat(test(grid).getCellText(row, 1)).as("the last error, as text").contains(FAULT);
        assertThat(test(grid).getCellText(row, 2)).as("attempts").isEqualTo("2");
        for (int r = 0; r < 3; r++) {
            for (int column = 0; column < 6; column++) {
                assertThat(test(grid).getCellText(r, column)).as("never the event's content")
                        .doesNotContain("MARKER").doesNotContain("hunter2");
            }
        }
        assertThat(messages(DEAD_URL)).as("the page released what it listed").isEqualTo(3);
        test((Button) test(grid).getCellComponent(row, 6).getChildren().findFirst().orElseThrow()).click();
        assertThat(test(grid).size()).as("replayed: gone from the dead-letter queue").isEqualTo(2);
        assertThat(messages(DEAD_URL)).isEqualTo(2);

        HttpResponse<String> replayed = send("POST", "/api/v1/dead-letters/replay", adminToken, "{\"ids\": [\"" + replayId + "\"]}");
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(json.readTree(replayed.body()).get("replayed").intValue()).isEqualTo(1);
        assertThat(send("POST", "/api/v1/dead-letters/replay", adminToken, "{\"ids\": [\"" + replayId + "\"]}").statusCode())
                .as("replayed already: no second copy sent").isEqualTo(404);
        ingest(byId, "FIRST-MARKER"); // the client retried the same event meanwhile: it races the replay
        HttpResponse<String> all = send("POST", "/api/v1/dead-letters/replay", adminToken, "{\"all\": true}");
        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        assertThat(json.readTree(all.body()).get("replayed").intValue()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(stored(byId)).isEqualTo(1);
            assertThat(stored(byMove)).isEqualTo(1);
            assertThat(stored(byPage)).isEqualTo(1);
        });
        // Kept: past the queue's 1 s visibility timeout, so an undeleted copy would have been processed again
        Thread.sleep(2_500);
        assertThat(stored(byId)).as("stored exactly once").isEqualTo(1);
        assertThat(stored(byMove)).as("stored exactly once").isEqualTo(1);
        assertThat(stored(byPage)).as("replayed on the page: stored exactly once").isEqualTo(1);
        assertThat(stored(deleted)).as("deleted, never stored").isZero();
        // Polled: the listener acknowledges (deletes) handled messages in batches, a moment after processing them
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(messages(QUEUE_URL)).as("nothing left in the queue").isZero();
            assertThat(messages(DEAD_URL)).as("nothing left in the dead-letter queue").isZero();
        });
        assertThat(stored(byId) + stored(byMove) + stored(byPage)).as("and still each stored once").isEqualTo(3);
        assertThat(json.readTree(send("GET", "/api/v1/dead-letters", adminToken, null).body()).get("total").longValue()).isZero();
    }

    private int rowOf(Grid<DeadLetter> grid, UUID eventId) {
        for (int row = 0; row < test(grid).size(); row++) {
            if (eventId.equals(test(grid).getRow(row).eventId())) {
                return row;
            }
        }
        throw new AssertionError("not on the page: " + eventId);
    }

    private void signInAs(User administrator) {
        FlytrapPrincipal principal = new FlytrapPrincipal(administrator, null);
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
