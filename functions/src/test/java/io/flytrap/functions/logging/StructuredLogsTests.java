package io.flytrap.functions.logging;

import io.flytrap.testsupport.QueuedEvents;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.FunctionsApplication;
import io.flytrap.functions.process.QueueWorker;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code flytrap.log-format=ecs} (FLYTRAP_LOG_FORMAT, on in the images, the chart and the Lambdas) every log
 * line is one JSON object with the Elastic Common Schema's fields. And whatever Flytrap logs while it ingests and
 * processes events that carry secrets — passwords, tokens, an Authorization header, the DSN's key, a database
 * password in a message — none of it reaches the log: not accepted events, not refused ones, not poison ones
 * whose processing fails, even with Flytrap's own loggers at DEBUG.
 */
@SpringBootTest(classes = FunctionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false", "spring.flyway.enabled=true", "flytrap.log-format=ecs",
                "logging.level.io.flytrap=DEBUG", "logging.config=classpath:logback-structured-test.xml"})
@UsesTestDatabase
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    QueueWorker worker;
    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newHttpClient();
    /** Letters and digits only, so that a parser's "unrecognized token" message would quote it whole. */
    final String password = "pw" + UUID.randomUUID().toString().replace("-", "");
    final String token = "tok-" + UUID.randomUUID();
    final String bearer = "bearer-" + UUID.randomUUID();
    final String cookie = "cookie-" + UUID.randomUUID();
    final String databasePassword = "dbpw-" + UUID.randomUUID();
    final String wrongKey = "wrongkey" + UUID.randomUUID().toString().replace("-", "");

    private int post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("content-type", "application/json").header("Authorization", "Bearer " + bearer)
                .header("Cookie", "session=" + cookie);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private String secretEvent(long projectId) {
        return """
                {"data": {"project_id": %d, "error": {"name": "Error",
                   "message": "login failed for admin password=%s token=%s jdbc:postgresql://db/x?password=%s",
                   "stack": "Error: password=%s\\n    at login (app.js:1:1)"},
                 "request": {"headers": {"Authorization": "Bearer %s"}, "url": "https://shop.example/?token=%s"},
                 "extra": {"password": "%s", "api_token": "%s"}}}""".formatted(projectId, password, token,
                databasePassword, password, bearer, token, password, token);
    }

    @Test
    void shouldLogEcsJsonAndNeverAnEventBodyOrASecret(CapturedOutput output) throws Exception {
        QueuedEvents.deleteAll(jdbc);
        CreatedProject shop = projects.create(TestAccounts.member(users, "logs"), "Logs " + UUID.randomUUID(), "node");
        long id = shop.project().id();
        String key = shop.key().publicKey();

        assertThat(post("/api/errors", secretEvent(id), "x-api-key", key)).isEqualTo(200);
        assertThat(post("/api/errors", secretEvent(id), "x-api-key", wrongKey)).isEqualTo(401);
        assertThat(post("/api/errors", secretEvent(id).replace("\"data\"", "\"data\" password " + password), "x-api-key", key))
                .as("invalid JSON, whose parse error could quote it").isEqualTo(400);
        String envelope = "{\"dsn\":\"http://" + key + "@127.0.0.1/" + id + "\"}\n{\"type\":\"event\"}\n"
                + "{\"message\":\"password=" + password + " token=" + token + "\",\"platform\":\"node\"}\n";
        assertThat(post("/api/" + id + "/envelope/?sentry_key=" + key, envelope)).isEqualTo(200);
        // a poison event whose processing fails with a parse error quoting its bytes, were they logged
        jdbc.sql("""
                        insert into event_queue (project_id, event_id, protocol, payload, meta, received_at, available_at)
                        values (?, ?, ?, ?, '{}'::jsonb, now(), now())""")
                .params(id, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL,
                        ("{\"data\": " + password + " token=" + token).getBytes(StandardCharsets.UTF_8))
                .update();
        while (worker.drainOnce() > 0) {
            // the two good events stored, the poison one failed (and logged as failed)
        }
        assertThat(jdbc.sql("select count(*) from events where project_id = ?").param(id).query(Long.class).single())
                .as("the events were really processed").isEqualTo(2);

        String log = output.getAll();
        assertThat(log).as("the processing failure was logged").contains("could not be processed");
        for (String secret : List.of(password, token, bearer, cookie, databasePassword, key, wrongKey)) {
            assertThat(log).as("a secret in the log").doesNotContain(secret);
        }
        assertThat(log).as("no event body").doesNotContain("login failed for admin");

        List<String> jsonLines = log.lines().filter(line -> line.startsWith("{")).toList();
        assertThat(jsonLines).hasSizeGreaterThan(5);
        for (String line : jsonLines) {
            JsonNode entry = JSON.readTree(line);
            assertThat(entry.has("@timestamp")).as(line).isTrue();
            assertThat(entry.has("log.level") || entry.path("log").has("level")).as(line).isTrue();
            assertThat(entry.has("message")).as(line).isTrue();
            assertThat(entry.has("ecs.version") || entry.path("ecs").has("version")).as(line).isTrue();
        }
        assertThat(jsonLines).as("Flytrap's own lines, named by service").anySatisfy(line -> {
            JsonNode entry = JSON.readTree(line);
            assertThat(entry.toString()).contains("flytrap-functions").contains("could not be processed");
        });
        assertThat(log.lines().filter(line -> line.contains("\"log.level\"") || line.contains("\"level\""))
                .filter(line -> !line.startsWith("{"))).as("no log line is text").isEmpty();
    }
}
