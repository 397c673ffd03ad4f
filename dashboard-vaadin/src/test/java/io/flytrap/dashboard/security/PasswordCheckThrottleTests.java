package io.flytrap.dashboard.security;

import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.SignInThrottle;
import io.flytrap.core.users.User;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every password check outside the sign-in form — exchanging a password for an API token, proving the current
 * password to change it — meets the same throttle as the form, and lands in the audit log.
 */
// Its own context (the property), so failures counted here from the loopback address meet no other test's
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.sign-in.lockout=14m", "flytrap.worker.enabled=false"})
@UsesTestDatabase
class PasswordCheckThrottleTests {

    static final int MAX_FAILURES_PER_EMAIL = SignInThrottle.MAX_FAILURES_PER_EMAIL;

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
    final String password = "a long test password";

    private HttpResponse<String> send(String method, String path, String bearer, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> askForToken(String email, String secret) throws Exception {
        return send("POST", "/api/v1/tokens", null, json.writeValueAsString(
                java.util.Map.of("email", email, "password", secret, "name", "script")));
    }

    private long audited(String action, String target, String via) {
        return jdbc.sql("select count(*) from audit_log where action = ? and target = ? and details->>'via' = ?")
                .params(action, target, via).query(Long.class).single();
    }

    @Test
    void shouldRefuseATokenAfterRepeatedWrongPasswordsEvenForTheRightOne() throws Exception {
        String email = "token-guess-" + UUID.randomUUID() + "@example.com";
        User user = users.create(email, password, Role.MEMBER);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            statuses.add(askForToken(email, "wrong guess " + i).statusCode());
        }
        HttpResponse<String> right = askForToken(email, password);

        assertThat(statuses.subList(0, MAX_FAILURES_PER_EMAIL)).as("wrong password").containsOnly(401);
        assertThat(statuses.subList(MAX_FAILURES_PER_EMAIL, 30)).as("then paused, like the form").containsOnly(429);
        assertThat(right.statusCode()).as("even the right password waits out the pause: " + right.body()).isEqualTo(429);
        assertThat(right.headers().firstValue("content-type")).get().asString().contains("application/json");
        assertThat(json.readTree(right.body()).get("error").asString()).contains("Too many");
        assertThat(right.body()).doesNotContain("flytrap_");
        assertThat(jdbc.sql("select count(*) from api_tokens where user_id = ?").param(user.id()).query(Long.class).single())
                .as("no token issued").isZero();
        assertThat(audited("sign_in_failed", email, "api-token"))
                .as("every attempt that reached the password check is audited").isEqualTo(MAX_FAILURES_PER_EMAIL);
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'sign_in' and actor_user_id = ?").param(user.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void shouldAuditATokenIssuedForTheRightPassword() throws Exception {
        String email = "token-right-" + UUID.randomUUID() + "@example.com";
        User user = users.create(email, password, Role.MEMBER);

        HttpResponse<String> issued = askForToken(email, password);

        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        assertThat(jdbc.sql("""
                        select remote_address from audit_log
                        where action = 'sign_in' and actor_user_id = ? and details->>'via' = 'api-token'""")
                .param(user.id()).query(String.class).single()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'token_created' and actor_user_id = ?")
                .param(user.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void shouldThrottleGuessesAtTheCurrentPasswordWhenChangingIt() throws Exception {
        // someone holding a stolen session or token tries to learn the password by changing it
        String email = "change-guess-" + UUID.randomUUID() + "@example.com";
        User user = users.create(email, password, Role.MEMBER);
        String token = tokens.issue(user.id(), "stolen").token();
        String hashBefore = passwordHash(user.id());

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < MAX_FAILURES_PER_EMAIL + 3; i++) {
            statuses.add(send("PUT", "/api/v1/account/password", token,
                    "{\"currentPassword\": \"guess " + i + "\", \"newPassword\": \"attacker's password\"}").statusCode());
        }
        HttpResponse<String> right = send("PUT", "/api/v1/account/password", token,
                "{\"currentPassword\": \"" + password + "\", \"newPassword\": \"attacker's password\"}");

        assertThat(statuses.subList(0, MAX_FAILURES_PER_EMAIL)).containsOnly(400);
        assertThat(statuses.subList(MAX_FAILURES_PER_EMAIL, statuses.size())).containsOnly(429);
        assertThat(right.statusCode()).as(right.body()).isEqualTo(429);
        assertThat(passwordHash(user.id())).as("password unchanged").isEqualTo(hashBefore);
        assertThat(audited("sign_in_failed", email, "password-change")).isEqualTo(MAX_FAILURES_PER_EMAIL);
    }

    private String passwordHash(long userId) {
        return jdbc.sql("select password_hash from users where id = ?").param(userId).query(String.class).single();
    }
}
