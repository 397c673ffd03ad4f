package io.flytrap.functions.lambda;

import io.flytrap.functions.CoreMigrations;
import io.flytrap.functions.EmptyDatabase;
import io.flytrap.functions.aws.LocalAws;
import io.flytrap.functions.aws.LocalSecretsManager;
import io.flytrap.functions.metrics.EmbeddedMetricFormat;
import io.flytrap.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded -aws jar as Lambda runs it: each invocation a JVM of its own, FunctionInvoker as the handler, the
 * function chosen by {@code spring_cloud_function_definition}, real AWS event JSON in (AWS's own API Gateway HTTP
 * API v2 and SQS sample events, see {@link CapturedAwsEvents}) and the JSON the Lambda service reads out. ElasticMQ,
 * s3proxy and PostgreSQL are real peers in this JVM.
 * ingest → SQS → processSqs → PostgreSQL, with a poison message failing alone, a redelivery storing nothing twice,
 * and the frame symbolicated with a source map the process Lambda reads from S3. The JVMs run the build-time
 * prepared context ({@code -Dspring.aot.enabled=true}), as the Lambdas are deployed, and read the database
 * credentials from Secrets Manager at start ({@link LocalSecretsManager}, a stand-in speaking the service's JSON
 * protocol), never from a password variable.
 */
class LambdaJarIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static SqsClient sqs;
    static String queueUrl;
    static TestDatabase.Connection db;
    static long projectId;
    static String publicKey;
    static LocalSecretsManager secretsManager;
    static final String DB_SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:flytrap/database-AbCdEf";

    @BeforeAll
    static void peers() throws Exception {
        db = TestDatabase.connection();
        secretsManager = new LocalSecretsManager();
        secretsManager.putSecret(DB_SECRET_ARN, JSON.createObjectNode().put("username", db.username()).put("password", db.password())
                .put("host", "db.internal").put("port", 5432).put("dbname", "flytrap").toString());
        Flyway.configure().dataSource(db.url(), db.username(), db.password()).locations("classpath:db/migration").load().migrate();
        sqs = LocalAws.sqsClient();
        queueUrl = sqs.createQueue(create -> create.queueName("lambda-events")).queueUrl();
        LocalAws.createBucket("lambda-claims");
        LocalAws.createBucket("lambda-maps");
        publicKey = UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(db.url(), db.username(), db.password())) {
            projectId = single(connection, "insert into projects (name, platform) values ('Lambda', 'node') returning id");
        }
        // A map placed in the bucket by hand, as the original Flytrap kept them: the process Lambda reads it from S3.
        // The smallest valid map (one mapping: generated 1:1 is src/checkout.js 1:1); mapping itself is tested in core
        // with real minifier output.
        try (S3Client s3 = LocalAws.s3Client()) {
            s3.putObject(put -> put.bucket("lambda-maps").key(projectId + "/app.min.js.map"), software.amazon.awssdk.core.sync.RequestBody
                    .fromString("{\"version\": 3, \"sources\": [\"src/checkout.js\"], \"names\": [], \"mappings\": \"AAAA\"}"));
        }
        try (Connection connection = DriverManager.getConnection(db.url(), db.username(), db.password())) {
            try (PreparedStatement key = connection.prepareStatement("insert into project_keys (project_id, public_key) values (?, ?)")) {
                key.setLong(1, projectId);
                key.setString(2, publicKey);
                key.executeUpdate();
            }
        }
    }

    private static long single(Connection connection, String sql, Object... params) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Path awsJar() {
        File[] jars = Path.of("target").toFile().listFiles((dir, name) -> name.endsWith("-aws.jar"));
        assertThat(jars).as("the shaded jar (mvn package builds it before this test)").hasSize(1);
        return jars[0].toPath().toAbsolutePath();
    }

    /** One invocation in a new JVM, as a cold Lambda: the function's JSON answer. */
    private static JsonNode invoke(String function, ObjectNode event) throws Exception {
        return invoke(function, event, db.url(), DB_SECRET_ARN).answer();
    }

    record Invocation(JsonNode answer, String log, long millis) {
    }

    private static Invocation invoke(String function, ObjectNode event, String dbUrl, String dbSecretArn) throws Exception {
        Path in = Files.createTempFile("event", ".json");
        Path out = Files.createTempFile("answer", ".json");
        Files.writeString(in, event.toString());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", awsJar() + File.pathSeparator + LocalInvoke.classpathEntry(),
                LocalInvoke.class.getName(), in.toString(), out.toString()).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("lambda", ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("MAIN_CLASS", LambdaApplication.class.getName());
        env.put("JAVA_TOOL_OPTIONS", "-Dspring.aot.enabled=true"); // as Terraform deploys them
        env.put("AWS_LAMBDA_FUNCTION_NAME", "flytrap-" + function); // set by the Lambda runtime
        env.put("spring_cloud_function_definition", function);
        env.put("FLYTRAP_DB_URL", dbUrl);
        // As Terraform deploys them: no password variable, the secret imported at start. The user given here is
        // wrong on purpose, so a function that reached the database proves the secret's credentials won.
        env.put("FLYTRAP_DB_USER", "not-the-secrets-user");
        env.put("SPRING_CONFIG_IMPORT", "aws-secretsmanager:" + dbSecretArn + "?prefix=spring.datasource.");
        env.put("SPRING_CLOUD_AWS_SECRETSMANAGER_ENDPOINT", secretsManager.endpoint());
        env.put("FLYTRAP_QUEUE_TYPE", "sqs");
        env.put("FLYTRAP_QUEUE_SQS_QUEUE", queueUrl);
        env.put("FLYTRAP_QUEUE_SQS_CLAIM_BUCKET", "lambda-claims");
        env.put("SPRING_CLOUD_AWS_REGION_STATIC", "us-east-1");
        env.put("SPRING_CLOUD_AWS_CREDENTIALS_ACCESS_KEY", "test");
        env.put("SPRING_CLOUD_AWS_CREDENTIALS_SECRET_KEY", "test-secret");
        env.put("SPRING_CLOUD_AWS_SQS_ENDPOINT", LocalAws.sqsEndpoint());
        env.put("SPRING_CLOUD_AWS_S3_ENDPOINT", LocalAws.s3Endpoint());
        env.put("SPRING_CLOUD_AWS_S3_PATH_STYLE_ACCESS_ENABLED", "true");
        env.put("FLYTRAP_ARTIFACTS_STORAGE", "s3");
        env.put("FLYTRAP_ARTIFACTS_S3_BUCKET", "lambda-maps");
        env.put("FLYTRAP_LOG_FORMAT", "ecs");
        long started = System.nanoTime();
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the invocation finished").isTrue();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Path logFile = builder.redirectOutput().file().toPath();
        String log = Files.readString(logFile);
        assertThat(process.exitValue()).as("the Lambda JVM's output:\n%s", log).isZero();
        assertThat(log).as("the context prepared at build time was used").contains("Starting AOT-processed LambdaApplication");
        JsonNode answer = JSON.readTree(Files.readString(out));
        for (Path temporary : List.of(in, out, logFile)) {
            Files.delete(temporary);
        }
        return new Invocation(answer, log, millis);
    }

    /** A native error post through API Gateway: AWS's captured HTTP API event with this path, headers and body. */
    private static ObjectNode apiGatewayEvent(String body, String key) {
        return CapturedAwsEvents.httpApiRequest("POST", "/api/errors", null,
                Map.of("content-type", "application/json", "x-api-key", key, "user-agent", "curl/8.5.0"),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The messages as the SQS event source mapping delivers them: AWS's captured SQS event, one record each. */
    private static ObjectNode sqsEvent(List<Message> messages) {
        return CapturedAwsEvents.sqsBatch(messages.stream().map(message -> new CapturedAwsEvents.SqsRecord(message.messageId(),
                message.receiptHandle() == null ? "r" : message.receiptHandle(), message.body())).toList());
    }

    /**
     * The migrate Lambda as Terraform's aws_lambda_invocation calls it ({@code spring_cloud_function_definition=migrate},
     * an arbitrary JSON input): the first call creates the schema, a second applies nothing, and neither processes,
     * queues or stores an event.
     */
    @Test
    void shouldMigrateAnEmptyDatabaseOnceAndDoNothingElse() throws Exception {
        EmptyDatabase empty = EmptyDatabase.create("lambda_migrate");
        String emptySecretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:flytrap/empty-database-GhIjKl";
        secretsManager.putSecret(emptySecretArn, JSON.createObjectNode().put("username", empty.username())
                .put("password", empty.password()).toString());
        ObjectNode terraformInput = JSON.createObjectNode().put("deployment", "test");

        Invocation first = invoke("migrate", terraformInput, empty.url(), emptySecretArn);
        assertThat(first.answer().path("schemaVersion").asString()).as(first.answer().toString()).isEqualTo(CoreMigrations.newest());
        assertThat(first.answer().path("applied").asInt()).isEqualTo(CoreMigrations.versions().size());
        assertThat(empty.hasTable("events")).isTrue();

        Invocation second = invoke("migrate", terraformInput, empty.url(), emptySecretArn);
        assertThat(second.answer().path("schemaVersion").asString()).isEqualTo(CoreMigrations.newest());
        assertThat(second.answer().path("applied").asInt()).as("nothing left to apply").isZero();

        assertThat(empty.count("select count(*) from events") + empty.count("select count(*) from queued_events"))
                .as("migrating stores and queues no event").isZero();
        assertThat(first.log() + second.log()).as("no queue worker, no web server in the migrate Lambda")
                .doesNotContain("queue worker", "Tomcat");
        System.out.printf("migrate Lambda JVM (cold, AOT): empty database %d ms, current database %d ms%n",
                first.millis(), second.millis());
    }

    @Test
    void shouldIngestThroughApiGatewayAndProcessTheSqsBatchInTheirOwnJvms() throws Exception {
        String body = """
                {"data": {"project_id": %d, "error": {"name": "TypeError", "message": "cart is undefined",
                 "stack": "TypeError: cart is undefined\\n    at checkout (https://shop.example/app.min.js:1:1)"}}}""".formatted(projectId);
        int secretReadsBefore = secretsManager.requestedIds().size();
        Invocation acceptedRun = invoke("ingest", apiGatewayEvent(body, publicKey), db.url(), DB_SECRET_ARN);
        JsonNode accepted = acceptedRun.answer();
        assertThat(accepted.path("statusCode").asInt()).as(accepted.toString()).isEqualTo(200);
        assertThat(accepted.path("body").asString()).contains("\"id\"");
        Invocation refusedRun = invoke("ingest", apiGatewayEvent(body, "not-a-key"), db.url(), DB_SECRET_ARN);
        JsonNode refused = refusedRun.answer();
        assertThat(refused.path("statusCode").asInt()).isEqualTo(401);
        List<String> secretReads = secretsManager.requestedIds();
        assertThat(secretReads.subList(secretReadsBefore, secretReads.size())).as("each cold start read the database secret once")
                .containsExactly(DB_SECRET_ARN, DB_SECRET_ARN);

        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 10 && messages.isEmpty(); i++) {
            messages.addAll(sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
        }
        assertThat(messages).as("one message for the accepted event, none for the refused one").hasSize(1);
        List<Message> batch = new ArrayList<>(messages);
        batch.add(Message.builder().messageId("poison").receiptHandle("p").body("not json at all").build());

        Invocation processRun = invoke("processSqs", sqsEvent(batch), db.url(), DB_SECRET_ARN);
        JsonNode outcome = processRun.answer();
        // The same counts as the containers', as CloudWatch embedded metric format lines in the functions' logs
        assertThat(EmbeddedMetricFormat.documents(acceptedRun.log())).as(acceptedRun.log()).anySatisfy(metric -> {
            assertThat(metric.path("EventsAccepted").asDouble()).isEqualTo(1);
            assertThat(metric.path("Project").asString()).isEqualTo(Long.toString(projectId));
        });
        assertThat(EmbeddedMetricFormat.documents(refusedRun.log())).anySatisfy(metric -> {
            assertThat(metric.path("EventsRejected").asDouble()).isEqualTo(1);
            assertThat(metric.path("Reason").asString()).isEqualTo("auth");
            assertThat(metric.path("Project").asString()).isEqualTo("unknown");
        });
        assertThat(EmbeddedMetricFormat.documents(processRun.log())).anySatisfy(metric -> {
            assertThat(metric.path("EventsProcessed").asDouble()).isEqualTo(1);
            assertThat(metric.path("Function").asString()).isEqualTo("flytrap-processSqs");
        });
        assertThat(acceptedRun.log().lines().filter(line -> line.contains("Starting AOT-processed LambdaApplication")))
                .as("FLYTRAP_LOG_FORMAT=ecs, as Terraform deploys them: JSON log lines")
                .singleElement().satisfies(line -> assertThat(JSON.readTree(line).path("message").asString())
                        .contains("Starting AOT-processed LambdaApplication"));
        assertThat(outcome.path("batchItemFailures")).extracting(failure -> failure.path("itemIdentifier").asString())
                .containsExactly("poison");
        JsonNode redelivered = invoke("processSqs", sqsEvent(messages));
        assertThat(redelivered.path("batchItemFailures")).as("a redelivery is no failure").isEmpty();
        try (Connection connection = DriverManager.getConnection(db.url(), db.username(), db.password())) {
            assertThat(single(connection, "select count(*) from events where project_id = ?", projectId)).isOne();
            assertThat(single(connection, "select count(*) from issues where project_id = ? and title like 'TypeError%'", projectId)).isOne();
            assertThat(single(connection, """
                    select count(*) from events where project_id = ? and payload::text like '%src/checkout.js%'""", projectId))
                    .as("the frame was symbolicated with the map the Lambda read from S3").isOne();
        }
    }
}
