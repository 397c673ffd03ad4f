package io.flytrap.functions.queue;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.FunctionsApplication;
import io.flytrap.functions.aws.LocalAws;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The containers' SQS queue worker (Spring Cloud AWS listener) against ElasticMQ: events posted to ingest are
 * stored and their messages deleted; a poison message is not deleted, so SQS keeps redelivering it (to its
 * dead-letter queue in the end) while everything else flows.
 */
@SpringBootTest(classes = FunctionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.queue.type=sqs", "flytrap.queue.sqs.queue=worker-events", "flytrap.queue.sqs.claim-bucket=worker-claims",
                "spring.flyway.enabled=true"})
@UsesTestDatabase
class SqsQueueWorkerTests {

    static SqsClient sqs;
    static String queueUrl;

    @BeforeAll
    static void queue() {
        sqs = LocalAws.sqsClient();
        queueUrl = sqs.createQueue(create -> create.queueName("worker-events")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"))).queueUrl();
        LocalAws.createBucket("worker-claims");
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

    private long messagesInQueue() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(get -> get.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void shouldStoreQueuedEventsAndLeaveOnlyThePoisonMessageInTheQueue() throws Exception {
        CreatedProject project = projects.create(TestAccounts.member(users, "sqs-worker"), "Worker", "node");
        sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody("poison: not an event"));
        String body = """
                {"data": {"project_id": %d, "error": {"name": "Error", "message": "through the worker"}}}"""
                .formatted(project.project().id());
        for (int i = 0; i < 3; i++) {
            int status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/errors"))
                    .header("x-api-key", project.key().publicKey()).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            assertThat(status).isEqualTo(200);
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(jdbc.sql("select count(*) from events where project_id = ?").param(project.project().id())
                        .query(Long.class).single()).as("the worker stored the three events").isGreaterThanOrEqualTo(3));
        // Kept: past the 1 s visibility timeout, so the poison message has come back at least once and a handled
        // message left undeleted would have been delivered again. The timeout runs on the SQS server's own clock,
        // and what is checked is that nothing more happens in that time, so there is no condition to poll for.
        Thread.sleep(2_500);
        assertThat(messagesInQueue()).as("only the poison message is left; the handled ones were deleted").isOne();
        assertThat(jdbc.sql("select count(*) from events where project_id = ?").param(project.project().id())
                .query(Long.class).single()).as("and nothing was stored twice").isEqualTo(3);
    }
}
