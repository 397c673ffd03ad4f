package io.flytrap.dashboard.users;

import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.User;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Personal API tokens can be listed and revoked by their owner and by administrators, and a password reset
 * takes the old credentials with it: over HTTP, against a running Flytrap.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.enabled=false")
@UsesTestDatabase
class CredentialRevocationTests {

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
    User owner;
    String ownerToken;
    String adminToken;

    @BeforeEach
    void accounts() {
        owner = users.create("owner-" + UUID.randomUUID() + "@example.com", "a long test password", Role.MEMBER);
        ownerToken = tokens.issue(owner.id(), "laptop").token();
        adminToken = tokens.issue(users.create("admin-" + UUID.randomUUID() + "@example.com", "a long test password",
                Role.ADMIN).id(), "admin script").token();
    }

    private HttpResponse<String> send(String method, String path, String bearer, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json").header("Authorization", "Bearer " + bearer).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Whether the token still opens the API. */
    private int statusWith(String token) throws Exception {
        return send("GET", "/api/v1/projects", token, null).statusCode();
    }

    @Test
    void shouldLetOwnersListAndRevokeTheirPersonalTokens() throws Exception {
        var ci = tokens.issue(owner.id(), "ci");
        String stranger = tokens.issue(users.create("stranger-" + UUID.randomUUID() + "@example.com", "a long test password",
                Role.MEMBER).id(), "theirs").token();

        HttpResponse<String> listed = send("GET", "/api/v1/tokens", ownerToken, null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode list = json.readTree(listed.body());
        assertThat(list.valueStream().map(t -> t.get("name").asString())).containsExactlyInAnyOrder("ci", "laptop");
        assertThat(listed.body()).as("token values are never shown again").doesNotContain(ci.token()).doesNotContain(ownerToken);

        HttpResponse<String> strangerTry = send("DELETE", "/api/v1/tokens/" + ci.id(), stranger, null);
        assertThat(strangerTry.statusCode()).as("someone else's token: as if it did not exist").isEqualTo(404);
        assertThat(statusWith(ci.token())).isEqualTo(200);

        assertThat(send("DELETE", "/api/v1/tokens/" + ci.id(), ownerToken, null).statusCode()).isEqualTo(204);

        assertThat(statusWith(ci.token())).as("revoked").isEqualTo(401);
        assertThat(statusWith(ownerToken)).as("the other token goes on").isEqualTo(200);
        assertThat(json.readTree(send("GET", "/api/v1/tokens", ownerToken, null).body()).valueStream()
                .map(t -> t.get("name").asString())).containsExactly("laptop");
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'token_revoked' and target = ?")
                .param("token " + ci.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void shouldLetAdministratorsListAndRevokeAUsersTokensButNotMembers() throws Exception {
        String member = tokens.issue(users.create("member-" + UUID.randomUUID() + "@example.com", "a long test password",
                Role.MEMBER).id(), "member").token();
        String path = "/api/v1/users/" + owner.id() + "/tokens";

        HttpResponse<String> refused = send("GET", path, member, null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json.readTree(refused.body()).has("error")).isTrue();

        JsonNode listed = json.readTree(send("GET", path, adminToken, null).body());
        long tokenId = listed.valueStream().filter(t -> t.get("name").asString().equals("laptop")).findFirst().orElseThrow()
                .get("id").longValue();
        assertThat(send("DELETE", path + "/" + tokenId, member, null).statusCode()).isEqualTo(403);
        assertThat(statusWith(ownerToken)).isEqualTo(200);

        assertThat(send("DELETE", path + "/" + tokenId, adminToken, null).statusCode()).isEqualTo(204);
        assertThat(statusWith(ownerToken)).isEqualTo(401);
    }

    @Test
    void shouldRevokeEveryTokenOfAUserWhosePasswordAnAdministratorResets() throws Exception {
        long projectId = json.readTree(send("POST", "/api/v1/projects", ownerToken, "{\"name\": \"Reset shop\"}").body())
                .get("id").longValue();
        String upload = json.readTree(send("POST", "/api/v1/projects/" + projectId + "/tokens", ownerToken,
                "{\"name\": \"CI\"}").body()).get("token").asString();
        assertThat(statusWith(upload)).isEqualTo(200);

        HttpResponse<String> reset = send("POST", "/api/v1/users/" + owner.id() + "/password-reset", adminToken, null);

        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        assertThat(json.readTree(reset.body()).get("revokedTokens").intValue()).isEqualTo(2);
        assertThat(statusWith(ownerToken)).as("personal token").isEqualTo(401);
        assertThat(statusWith(upload)).as("upload token the user made").isEqualTo(401);
    }

    @Test
    void shouldKeepTokensOnResetOnlyWhenTheAdministratorSaysSo() throws Exception {
        HttpResponse<String> reset = send("POST", "/api/v1/users/" + owner.id() + "/password-reset", adminToken,
                "{\"revokeTokens\": false}");

        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        assertThat(json.readTree(reset.body()).get("revokedTokens").intValue()).isZero();
        assertThat(statusWith(ownerToken)).isEqualTo(200);

        HttpResponse<String> invalid = send("POST", "/api/v1/users/" + owner.id() + "/password-reset", adminToken,
                "{\"revokeTokens\": \"maybe\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
    }

    @Test
    void shouldRevokeTheirTokensWhenUsersAskWhileChangingTheirPassword() throws Exception {
        var other = tokens.issue(owner.id(), "ci");

        HttpResponse<String> kept = send("PUT", "/api/v1/account/password", ownerToken,
                "{\"currentPassword\": \"a long test password\", \"newPassword\": \"a second long password\"}");
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(204);
        assertThat(statusWith(other.token())).as("by default a change keeps API tokens (documented)").isEqualTo(200);

        HttpResponse<String> revoked = send("PUT", "/api/v1/account/password", ownerToken,
                "{\"currentPassword\": \"a second long password\", \"newPassword\": \"a third long password\", \"revokeTokens\": true}");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);
        assertThat(statusWith(other.token())).isEqualTo(401);
        assertThat(statusWith(ownerToken)).as("including the one that asked").isEqualTo(401);
    }
}
