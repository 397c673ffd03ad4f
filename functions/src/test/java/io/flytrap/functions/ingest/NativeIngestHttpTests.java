package io.flytrap.functions.ingest;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.FunctionsApplication;
import io.flytrap.functions.original.CapturedPost;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = FunctionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false", "spring.flyway.enabled=true", "flytrap.ingest.max-body-size=64KB"})
@UsesTestDatabase
class NativeIngestHttpTests {

    @LocalServerPort
    int port;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationContext context;

    final HttpClient http = HttpClient.newHttpClient();
    CreatedProject project;
    CreatedProject otherProject;

    @BeforeEach
    void createProjects() {
        var owner = TestAccounts.member(users, "ingest");
        project = projects.create(owner, "Web", "javascript");
        otherProject = projects.create(owner, "Other", "javascript");
    }

    /** What the original browser SDK sent for a caught TypeError (recorded from its code, see CapturedPost). */
    private String payload(long projectId) {
        return CapturedPost.named("05-flytrap_javascript.json").bodyFor(projectId);
    }

    private HttpResponse<String> post(String path, String apiKey, BodyPublisher body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("content-type", "application/json").POST(body);
        if (apiKey != null) {
            request.header("x-api-key", apiKey);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private HttpResponse<String> postError(String apiKey, String json) throws Exception {
        return post("/api/errors", apiKey, BodyPublishers.ofString(json));
    }

    private long queued(long projectId) {
        return jdbc.sql("select count(*) from queued_events where project_id = ?").param(projectId).query(Long.class).single();
    }

    /** The ingest port is the public one: with no metrics token set (the default), it serves no metrics to anyone. */
    @Test
    void shouldServeNoMetricsWhenNoMetricsTokenIsSet() throws Exception {
        for (String authorization : new String[]{null, "Bearer ", "Bearer anything"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(answer.body()).contains("FLYTRAP_METRICS_TOKEN").doesNotContain("flytrap_").doesNotContain("# TYPE");
        }
    }

    @Test
    void shouldStartWithoutAnyAwsClientWhenNothingIsConfiguredToUseAws() {
        // Spring Cloud AWS is on the classpath; on a laptop it must neither need a region nor call the EC2 metadata
        // address (169.254.169.254) at start.
        assertThat(context.getBeanNamesForType(software.amazon.awssdk.services.s3.S3Client.class)).isEmpty();
        assertThat(context.getEnvironment().getProperty("spring.cloud.aws.imds.enabled")).isEqualTo("false");
        assertThat(context.getEnvironment().getProperty("flytrap.artifacts.storage", "database")).isEqualTo("database");
    }

    @Test
    void shouldEnqueueAnOriginalSdkPayloadAndAnswerWithItsId() throws Exception {
        HttpResponse<String> response = postError(project.key().publicKey(), payload(project.project().id()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).matches("\\{\"id\":\"[0-9a-f-]{36}\"}");
        String id = response.body().substring(7, 43);
        assertThat(jdbc.sql("select count(*) from queued_events where event_id = ?::uuid and project_id = ?")
                .params(id, project.project().id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void shouldAcceptRejections() throws Exception {
        // flytrap_express, for an async route that threw a string
        HttpResponse<String> response = post("/api/rejections", project.key().publicKey(), BodyPublishers.ofString(
                CapturedPost.named("01-flytrap_express.json").bodyFor(project.project().id())));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(queued(project.project().id())).isEqualTo(1);
    }

    @Test
    void shouldRefuseAMissingOrUnknownKeyWithoutEnqueueing() throws Exception {
        HttpResponse<String> missing = postError(null, payload(project.project().id()));
        HttpResponse<String> unknown = postError("f".repeat(32), payload(project.project().id()));

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("\"error\"");
        assertThat(queued(project.project().id())).isZero();
    }

    @Test
    void shouldRefuseAKeyOfAnotherProjectWithoutEnqueueing() throws Exception {
        HttpResponse<String> response = postError(otherProject.key().publicKey(), payload(project.project().id()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("does not belong to project " + project.project().id());
        assertThat(queued(project.project().id())).isZero();
        assertThat(queued(otherProject.project().id())).isZero();
    }

    @Test
    void shouldRefuseMalformedJsonWithoutEnqueueing() throws Exception {
        HttpResponse<String> response = postError(project.key().publicKey(), "{\"data\": {\"error\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("body is not valid JSON");
        assertThat(queued(project.project().id())).isZero();
    }

    @Test
    void shouldRefuseAWrongFieldTypeNamingTheFieldWithoutEnqueueing() throws Exception {
        String wrongType = payload(project.project().id()).replace("\"handled\":true", "\"handled\":\"no\"");

        HttpResponse<String> response = postError(project.key().publicKey(), wrongType);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("data.handled must be true or false");
        assertThat(queued(project.project().id())).isZero();
    }

    @Test
    void shouldRefuseAnOversizedBodyWithoutEnqueueing() throws Exception {
        String padding = "x".repeat(70 * 1024);
        String oversized = payload(project.project().id())
                .replace("\"handled\":true", "\"handled\":true,\"padding\":\"" + padding + "\"");

        HttpResponse<String> declared = postError(project.key().publicKey(), oversized);
        // Without Content-Length (chunked): the limit holds while reading, not only on the declared size
        HttpResponse<String> chunked = post("/api/errors", project.key().publicKey(), BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(oversized.getBytes(StandardCharsets.UTF_8))));

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("exceeds the limit");
        assertThat(queued(project.project().id())).isZero();
    }

    @Test
    void shouldAllowBrowsersFromAnyOriginToPost() throws Exception {
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/errors"))
                .method("OPTIONS", BodyPublishers.noBody())
                .header("Origin", "https://shop.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-api-key").build(), BodyHandlers.ofString());

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                .containsIgnoringCase("x-api-key");
    }

    @Test
    void shouldTakeTheKeyFromTheQueryForBeaconsAndPreflightFreeBrowserPosts() throws Exception {
        // What a browser SDK sends without a preflight: text/plain body, key in the URL, from another origin
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/errors?api_key=" + project.key().publicKey()))
                .header("content-type", "text/plain;charset=UTF-8").header("Origin", "https://shop.example")
                .POST(BodyPublishers.ofString(payload(project.project().id()))).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        assertThat(queued(project.project().id())).isOne();

        HttpResponse<String> otherProjectsKey = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/errors?api_key=" + otherProject.key().publicKey()))
                .header("content-type", "text/plain").POST(BodyPublishers.ofString(payload(project.project().id())))
                .build(), BodyHandlers.ofString());
        assertThat(otherProjectsKey.statusCode()).isEqualTo(401);
        assertThat(queued(project.project().id())).as("a key in the URL speaks only for its own project").isOne();
    }

    @Test
    void shouldNotReadTheKeyFromAFormEncodedBody() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/errors"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("api_key=" + project.key().publicKey())).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(queued(project.project().id())).isZero();
    }
}
