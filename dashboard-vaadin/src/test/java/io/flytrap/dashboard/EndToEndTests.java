package io.flytrap.dashboard;

import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.process.QueueWorker;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One error over HTTP, through the queue and the process function, into the issue list of its project — and of no
 * other: a member of a second project gets "not found" for every route to it.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false", "flytrap.public-url=https://flytrap.example.com/errors/",
                "flytrap.artifacts.max-size=64KB"})
@UsesTestDatabase
class EndToEndTests {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    QueueWorker worker;
    @Autowired
    JsonMapper json;

    /** The smallest valid map: one mapping of a.js — for the API's checks, not for symbolication (see core). */
    static final String SMALL_MAP = "{\"version\": 3, \"sources\": [\"a.js\"], \"names\": [], \"mappings\": \"AAAA\"}";

    final HttpClient http = HttpClient.newHttpClient();
    String aliceToken;
    String bobToken;
    String alicePassword = "alice's long password";
    String aliceEmail;

    @BeforeEach
    void twoMembers() {
        aliceEmail = "alice-" + UUID.randomUUID() + "@example.com";
        users.create(aliceEmail, alicePassword, Role.MEMBER);
        var bob = users.create("bob-" + UUID.randomUUID() + "@example.com", "bob's long password", Role.MEMBER);
        bobToken = tokens.issue(bob.id(), "test").token();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private JsonNode ok(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json.readTree(response.body());
    }

    @Test
    void shouldShowAPostedErrorInItsProjectOnlyAndHideItFromOtherMembers() throws Exception {
        // Alice signs in with e-mail and password, as a script would
        aliceToken = ok(send("POST", "/api/v1/tokens", null, """
                {"email": "%s", "password": "%s", "name": "e2e"}""".formatted(aliceEmail, alicePassword)), 201)
                .get("token").stringValue();
        JsonNode project = ok(send("POST", "/api/v1/projects", aliceToken, "{\"name\": \"Storefront\", \"platform\": \"javascript\"}"), 201);
        long projectId = project.get("id").longValue();
        JsonNode sdk = project.get("sdk");
        assertThat(sdk.get("dsn").stringValue()).as("DSN built from the public URL")
                .isEqualTo("https://" + sdk.get("apiKey").stringValue() + "@flytrap.example.com/errors/" + projectId);
        assertThat(sdk.get("endpoint").stringValue()).isEqualTo("https://flytrap.example.com/errors");
        long bobsProjectId = ok(send("POST", "/api/v1/projects", bobToken, "{\"name\": \"Bob's\"}"), 201).get("id").longValue();

        HttpResponse<String> ingest = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/errors"))
                .header("x-api-key", sdk.get("apiKey").stringValue())
                .POST(BodyPublishers.ofString("""
                        {"data": {"error": {"name": "TypeError", "message": "cart is undefined",
                                            "stack": "TypeError: cart is undefined\\n    at checkout (https://shop.example/app.js:10:5)"},
                                  "handled": false, "project_id": "%d", "method": "POST", "path": "/checkout",
                                  "browser": "Chrome 140", "os": "macOS"}}""".formatted(projectId))).build(),
                BodyHandlers.ofString());
        assertThat(ingest.statusCode()).isEqualTo(200);
        String eventId = json.readTree(ingest.body()).get("id").stringValue();

        assertThat(worker.drainOnce()).isPositive();

        JsonNode page = ok(send("GET", "/api/v1/projects/" + projectId + "/issues", aliceToken, null), 200);
        assertThat(page.get("total").longValue()).isEqualTo(1);
        JsonNode issue = page.get("items").get(0);
        assertThat(issue.get("title").stringValue()).isEqualTo("TypeError: cart is undefined");
        assertThat(issue.get("culprit").stringValue()).isEqualTo("checkout in app.js");
        long issueId = issue.get("id").longValue();
        JsonNode latest = ok(send("GET", "/api/v1/issues/" + issueId + "/events/latest", aliceToken, null), 200);
        assertThat(latest.get("eventId").stringValue()).isEqualTo(eventId);
        assertThat(latest.at("/request/url").stringValue()).isEqualTo("/checkout");
        assertThat(latest.get("level").stringValue()).isEqualTo("error");
        assertThat(latest.at("/exceptions/0/frames/0/function").stringValue()).isEqualTo("checkout");

        JsonNode resolved = ok(send("PATCH", "/api/v1/issues/" + issueId, aliceToken,
                "{\"status\": \"resolved\", \"inRelease\": \"2.0.0\"}"), 200);
        assertThat(resolved.get("status").stringValue()).isEqualTo("resolved");
        assertThat(resolved.get("resolvedIn").stringValue()).isEqualTo("2.0.0");
        assertThat(send("PATCH", "/api/v1/issues/" + issueId, aliceToken, "{\"status\": \"closed\"}")
                .statusCode()).isEqualTo(400);
        assertThat(send("PATCH", "/api/v1/issues/" + issueId, bobToken, "{\"status\": \"ignored\"}")
                .statusCode()).as("a stranger cannot triage it").isEqualTo(404);
        assertThat(ok(send("GET", "/api/v1/issues/" + issueId, aliceToken, null), 200).get("status").stringValue())
                .isEqualTo("resolved");

        JsonNode settings = ok(send("GET", "/api/v1/projects/" + projectId + "/settings", aliceToken, null), 200);
        assertThat(settings.get("scrubData").booleanValue()).as("scrubbing is on by default").isTrue();
        assertThat(settings.get("retentionDays").intValue()).isEqualTo(90);
        JsonNode changed = ok(send("PUT", "/api/v1/projects/" + projectId + "/settings", aliceToken,
                "{\"scrubData\": true, \"scrubIpAddresses\": true, \"retentionDays\": 30}"), 200);
        assertThat(changed.get("scrubIpAddresses").booleanValue()).isTrue();
        assertThat(send("PUT", "/api/v1/projects/" + projectId + "/settings", aliceToken,
                "{\"scrubData\": true, \"scrubIpAddresses\": true, \"retentionDays\": 0}").statusCode()).isEqualTo(400);
        assertThat(send("PUT", "/api/v1/projects/" + projectId + "/settings", bobToken,
                "{\"scrubData\": false, \"scrubIpAddresses\": false, \"retentionDays\": 1}").statusCode())
                .as("a stranger cannot turn scrubbing off").isEqualTo(404);
        assertThat(ok(send("GET", "/api/v1/projects/" + projectId + "/settings", aliceToken, null), 200)
                .get("retentionDays").intValue()).isEqualTo(30);

        JsonNode rules = ok(send("GET", "/api/v1/projects/" + projectId + "/in-app-rules", aliceToken, null), 200);
        assertThat(rules.get("include")).as("no project rules by default: platform defaults only").isEmpty();
        ok(send("PUT", "/api/v1/projects/" + projectId + "/in-app-rules", aliceToken,
                "{\"include\": [\"com.example.shop.\", \" \"], \"exclude\": [\"com.example.generated.\"]}"), 200);
        assertThat(send("PUT", "/api/v1/projects/" + projectId + "/in-app-rules", bobToken,
                "{\"include\": [\"java.\"], \"exclude\": []}").statusCode()).as("a stranger cannot change grouping").isEqualTo(404);
        assertThat(send("GET", "/api/v1/projects/" + projectId + "/in-app-rules", bobToken, null).statusCode()).isEqualTo(404);
        assertThat(ok(send("GET", "/api/v1/projects/" + projectId + "/in-app-rules", aliceToken, null), 200).get("include"))
                .extracting(JsonNode::stringValue).containsExactly("com.example.shop.");

        // Bob is a member of another project: Alice's project and everything in it do not exist for him, through
        // every route, reading or writing — and a refused write changes nothing
        long keyId = ok(send("GET", "/api/v1/projects/" + projectId + "/keys", aliceToken, null), 200).get(0).get("id").longValue();
        long artifactId = ok(send("POST", "/api/v1/projects/" + projectId + "/artifacts?release=1.0&name=https://shop.example/app.js?v=1",
                aliceToken, SMALL_MAP), 201).get("id").longValue();
        long aliceId = ok(send("GET", "/api/v1/projects/" + projectId + "/members", aliceToken, null), 200).get(0).get("userId").longValue();
        String[][] routes = {
                {"GET", "/api/v1/projects/" + projectId, null},
                {"GET", "/api/v1/projects/" + projectId + "/issues", null},
                {"GET", "/api/v1/projects/" + projectId + "/issues?status=unresolved&query=cart", null},
                {"GET", "/api/v1/projects/" + projectId + "/settings", null},
                {"PUT", "/api/v1/projects/" + projectId + "/settings", "{\"scrubData\": false, \"scrubIpAddresses\": false, \"retentionDays\": 1}"},
                {"GET", "/api/v1/projects/" + projectId + "/keys", null},
                {"POST", "/api/v1/projects/" + projectId + "/keys", "{\"label\": \"bob's\"}"},
                {"PATCH", "/api/v1/projects/" + projectId + "/keys/" + keyId, "{\"label\": \"bob was here\"}"},
                {"POST", "/api/v1/projects/" + projectId + "/keys/" + keyId + "/rotate", null},
                {"DELETE", "/api/v1/projects/" + projectId + "/keys/" + keyId, null},
                {"GET", "/api/v1/projects/" + projectId + "/members", null},
                {"POST", "/api/v1/projects/" + projectId + "/members", "{\"email\": \"bob@example.com\"}"},
                {"DELETE", "/api/v1/projects/" + projectId + "/members/" + aliceId, null},
                {"PUT", "/api/v1/projects/" + projectId + "/members/me/alerts", "{\"emailAlerts\": false}"},
                {"GET", "/api/v1/issues/" + issueId, null},
                {"GET", "/api/v1/issues/" + issueId + "/events/latest", null},
                {"PATCH", "/api/v1/issues/" + issueId, "{\"status\": \"ignored\"}"},
                {"DELETE", "/api/v1/issues/" + issueId, null},
                {"GET", "/api/v1/projects/" + projectId + "/artifacts", null},
                {"POST", "/api/v1/projects/" + projectId + "/artifacts?name=~/app.js", SMALL_MAP},
                {"DELETE", "/api/v1/projects/" + projectId + "/artifacts/" + artifactId, null},
                {"DELETE", "/api/v1/projects/" + projectId, null}};
        for (String[] route : routes) {
            HttpResponse<String> hidden = send(route[0], route[1], bobToken, route[2]);
            assertThat(hidden.statusCode()).as(route[0] + " " + route[1]).isEqualTo(404);
            assertThat(hidden.body()).as(route[1]).doesNotContain("cart is undefined").doesNotContain("Storefront");
        }
        JsonNode keysAfter = ok(send("GET", "/api/v1/projects/" + projectId + "/keys", aliceToken, null), 200);
        assertThat(keysAfter).as("no key added, renamed or revoked by Bob").hasSize(1);
        assertThat(keysAfter.get(0).get("label").stringValue()).isEqualTo("Default");
        assertThat(keysAfter.get(0).get("revokedAt").isNull()).isTrue();
        assertThat(ok(send("GET", "/api/v1/projects/" + projectId + "/members", aliceToken, null), 200)).hasSize(1);
        JsonNode artifacts = ok(send("GET", "/api/v1/projects/" + projectId + "/artifacts", aliceToken, null), 200);
        assertThat(artifacts).as("Bob uploaded and deleted nothing").hasSize(1);
        assertThat(artifacts.get(0).get("name").stringValue()).isEqualTo("~/app.js");
        assertThat(send("POST", "/api/v1/projects/" + projectId + "/artifacts?name=~/b.js", aliceToken, "{\"version\": 3")
                .statusCode()).as("a broken map is refused").isEqualTo(400);
        assertThat(send("POST", "/api/v1/projects/" + projectId + "/artifacts?name=~/big.js", aliceToken, "x".repeat(70_000))
                .statusCode()).as("over the limit").isEqualTo(413);
        assertThat(ok(send("GET", "/api/v1/projects/" + projectId + "/artifacts", aliceToken, null), 200)).hasSize(1);
        assertThat(ok(send("GET", "/api/v1/issues/" + issueId, aliceToken, null), 200).get("status").stringValue())
                .isEqualTo("resolved");
        // A member may manage keys but not membership or the project's existence: those are an administrator's job
        assertThat(send("DELETE", "/api/v1/projects/" + projectId, aliceToken, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/v1/projects/" + projectId, aliceToken, null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/v1/projects/" + projectId + "/members", aliceToken, "{\"email\": \"x@example.com\"}")
                .statusCode()).isEqualTo(403);
        JsonNode bobsProjects = ok(send("GET", "/api/v1/projects", bobToken, null), 200);
        assertThat(bobsProjects).extracting(node -> node.get("id").longValue()).containsExactly(bobsProjectId);
        assertThat(ok(send("GET", "/api/v1/projects/" + bobsProjectId + "/issues", bobToken, null), 200)
                .get("total").longValue()).isZero();
    }

    @Test
    void shouldAcceptSentryEnvelopesInTheOneProcessAppEvenUnderADsnPathPrefix() throws Exception {
        var owner = users.create("sentry-" + UUID.randomUUID() + "@example.com", "a long enough password", Role.MEMBER);
        String token = tokens.issue(owner.id(), "t").token();
        JsonNode project = ok(send("POST", "/api/v1/projects", token, "{\"name\": \"Sentry app\"}"), 201);
        String key = project.at("/sdk/apiKey").stringValue();
        long projectId = project.get("id").longValue();
        String envelope = "{}\n{\"type\":\"event\"}\n{\"message\":\"hello from a Sentry SDK\"}\n";

        for (String path : new String[]{"/api/" + projectId + "/envelope/", "/errors/api/" + projectId + "/envelope/"}) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + key)
                    .POST(BodyPublishers.ofString(envelope)).build(), BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + ": no sign-in, no CSRF token needed").isEqualTo(200);
            assertThat(response.body()).matches("\\{\"id\":\"[0-9a-f]{32}\"}");
        }
    }

    @Test
    void shouldRefuseTheManagementApiWithoutAValidToken() throws Exception {
        assertThat(send("GET", "/api/v1/projects", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/v1/projects", "flytrap_not-a-token", null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrongPassword = send("POST", "/api/v1/tokens", null, """
                {"email": "%s", "password": "wrong password!"}""".formatted(aliceEmail));
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.body()).doesNotContain("flytrap_");
    }

    @Test
    void shouldAnswerBadRequestsWithAClearMessageAndCreateNothing() throws Exception {
        HttpResponse<String> blankName = send("POST", "/api/v1/projects", bobToken, "{\"name\": \"  \"}");
        HttpResponse<String> notJson = send("POST", "/api/v1/projects", bobToken, "{name");
        HttpResponse<String> badLimit = send("GET", "/api/v1/projects/1/issues?limit=100000", bobToken, null);

        assertThat(blankName.statusCode()).isEqualTo(400);
        assertThat(blankName.body()).contains("Give the project a name of 1 to");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(ok(send("GET", "/api/v1/projects", bobToken, null), 200)).isEmpty();
    }

    @Test
    void shouldLimitAnUploadTokenToItsProject() throws Exception {
        var admin = users.create("token-admin-" + UUID.randomUUID() + "@example.com", "a long enough password", Role.ADMIN);
        String personal = tokens.issue(admin.id(), "t").token();
        long shop = ok(send("POST", "/api/v1/projects", personal, "{\"name\": \"Upload shop\"}"), 201).get("id").longValue();
        long other = ok(send("POST", "/api/v1/projects", personal, "{\"name\": \"Upload other\"}"), 201).get("id").longValue();
        JsonNode created = ok(send("POST", "/api/v1/projects/" + shop + "/tokens", personal, "{\"name\": \"CI\"}"), 201);
        String upload = created.get("token").stringValue();

        assertThat(send("POST", "/api/v1/projects/" + shop + "/artifacts?name=~/app.js", upload, SMALL_MAP).statusCode()).isEqualTo(201);
        assertThat(ok(send("GET", "/api/v1/projects", upload, null), 200)).extracting(n -> n.get("id").longValue()).containsExactly(shop);
        assertThat(send("POST", "/api/v1/projects/" + other + "/artifacts?name=~/app.js", upload, SMALL_MAP).statusCode())
                .as("the admin's other project is out of the token's reach").isEqualTo(404);
        assertThat(send("GET", "/api/v1/users", upload, null).statusCode()).as("no administrator rights").isEqualTo(403);
        assertThat(send("POST", "/api/v1/projects", upload, "{\"name\": \"x\"}").statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/v1/projects/" + shop + "/tokens", upload, "{\"name\": \"more\"}").statusCode())
                .as("a token cannot mint tokens (403 since tokens have scopes: an action it may not take)").isEqualTo(403);

        assertThat(send("GET", "/api/v1/audit", upload, null).statusCode()).as("the audit log is not the token's").isEqualTo(403);
        assertThat(send("DELETE", "/api/v1/projects/" + other, personal, null).statusCode()).isEqualTo(204);
        assertThat(ok(send("GET", "/api/v1/audit?limit=1000", personal, null), 200))
                .anySatisfy(entry -> {
                    assertThat(entry.get("action").stringValue()).isEqualTo("project_deleted");
                    assertThat(entry.get("projectId").longValue()).isEqualTo(other);
                    assertThat(entry.get("actorUserId").longValue()).isEqualTo(admin.id());
                });

        assertThat(send("DELETE", "/api/v1/projects/" + shop + "/tokens/" + created.get("id").longValue(), personal, null)
                .statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/v1/projects", upload, null).statusCode()).as("revoked").isEqualTo(401);
    }

    @Test
    void shouldPublishTheManagementApiAsOpenApi() throws Exception {
        JsonNode openApi = ok(send("GET", "/api/v1/openapi.json", null, null), 200);

        assertThat(openApi.get("paths").propertyNames()).contains("/api/v1/projects", "/api/v1/projects/{projectId}/keys",
                "/api/v1/projects/{projectId}/issues", "/api/v1/issues/{issueId}", "/api/v1/issues/{issueId}/events/latest",
                "/api/v1/tokens");
        assertThat(openApi.at("/info/title").stringValue()).isEqualTo("Flytrap management API");
    }
}
