package io.flytrap.dashboard.alerts;

import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts API: members manage rules and channels of their own projects only; internal webhook targets, bad
 * rules and unknown channel kinds get a 400 and store nothing; a webhook's secret is shown once.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false", "flytrap.alerts.dispatcher.enabled=false"})
@UsesTestDatabase
class AlertsApiTests {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    final HttpClient http = HttpClient.newHttpClient();
    String member;
    String stranger;
    long projectId;

    @BeforeEach
    void aProjectAndAStranger() throws Exception {
        member = tokens.issue(users.create("m-" + UUID.randomUUID() + "@example.com", "a long password 1", Role.MEMBER).id(), "t").token();
        stranger = tokens.issue(users.create("s-" + UUID.randomUUID() + "@example.com", "a long password 2", Role.MEMBER).id(), "t").token();
        projectId = json.readTree(send("POST", "/api/v1/projects", member, "{\"name\": \"Alerts\"}").body()).get("id").longValue();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json").header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long channelCount() {
        return jdbc.sql("select count(*) from alert_channels where project_id = ?").param(projectId).query(Long.class).single();
    }

    @Test
    void shouldManageRulesAndChannelsAndShowAWebhookSecretOnce() throws Exception {
        String base = "/api/v1/projects/" + projectId;
        JsonNode defaults = json.readTree(send("GET", base + "/alert-rules", member, null).body());
        assertThat(defaults).extracting(rule -> rule.get("kind").asString()).containsExactly("new_issue", "regression");

        HttpResponse<String> created = send("POST", base + "/alert-rules", member,
                "{\"kind\": \"frequency\", \"threshold\": 50, \"windowMinutes\": 10, \"environments\": [\"production\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        HttpResponse<String> hook = send("POST", base + "/alert-channels", member,
                "{\"kind\": \"webhook\", \"name\": \"ops\", \"url\": \"https://93.184.215.14/hooks/flytrap\"}");
        assertThat(hook.statusCode()).as(hook.body()).isEqualTo(201);
        String secret = json.readTree(hook.body()).get("secret").asString();
        assertThat(secret).hasSize(64);
        assertThat(send("GET", base + "/alert-channels", member, null).body()).contains("ops").doesNotContain(secret);

        long channelId = json.readTree(hook.body()).at("/channel/id").longValue();
        assertThat(send("POST", base + "/alert-channels/" + channelId + "/test", member, null).statusCode()).isEqualTo(202);
        assertThat(json.readTree(send("GET", base + "/notifications?state=pending", member, null).body()))
                .singleElement().satisfies(n -> assertThat(n.get("reason").asString()).isEqualTo("test"));
    }

    @Test
    void shouldRefuseAWebhookToFlytrapsOwnPortOnThisMachinesNetworkAddress() throws Exception {
        String base = "/api/v1/projects/" + projectId;
        long before = channelCount();
        String ownAddress = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst().orElseThrow(() -> new AssertionError("this machine has no network address but loopback"))
                .getHostAddress();

        HttpResponse<String> refused = send("POST", base + "/alert-channels", member,
                "{\"kind\": \"webhook\", \"url\": \"http://" + ownAddress + ":" + port + "/api/v1/projects\"}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(json.readTree(refused.body()).toString()).contains("this server's own addresses");
        assertThat(channelCount()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void shouldRefuseInternalTargetsBadRulesAndStrangersChangingNothing() throws Exception {
        String base = "/api/v1/projects/" + projectId;
        long before = channelCount();
        for (String url : new String[]{"http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:8080/", "http://10.0.0.5/",
                "file:///etc/passwd"}) {
            HttpResponse<String> refused = send("POST", base + "/alert-channels", member,
                    "{\"kind\": \"webhook\", \"url\": \"" + url + "\"}");
            assertThat(refused.statusCode()).as(url).isEqualTo(400);
        }
        assertThat(send("POST", base + "/alert-channels", member, "{\"kind\": \"pager\", \"url\": \"https://93.184.215.14/\"}")
                .statusCode()).isEqualTo(400);
        assertThat(channelCount()).isEqualTo(before);

        assertThat(send("POST", base + "/alert-rules", member, "{\"kind\": \"frequency\", \"threshold\": 0, \"windowMinutes\": 5}")
                .statusCode()).isEqualTo(400);
        assertThat(send("GET", base + "/alert-rules", stranger, null).statusCode()).isEqualTo(404);
        assertThat(send("POST", base + "/alert-channels", stranger, "{\"kind\": \"slack\", \"url\": \"https://93.184.215.14/\"}")
                .statusCode()).isEqualTo(404);
        assertThat(send("GET", base + "/notifications", stranger, null).statusCode()).isEqualTo(404);
        assertThat(channelCount()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from alert_rules where project_id = ?").param(projectId).query(Long.class).single())
                .as("only the defaults").isEqualTo(2);
    }
}
