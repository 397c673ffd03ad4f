package io.flytrap.dashboard.security;

import io.flytrap.core.users.SignInThrottle;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whose address the sign-in throttle counts and the audit log records, over real HTTP from loopback: the peer's,
 * unless the peer is a proxy listed in flytrap.trusted-proxies. Before that setting existed, any private or loopback
 * peer was believed, so rotating X-Forwarded-For escaped the per-address lockout on a LAN.
 * <p>
 * Each nested class has a context of its own (its property), so the failures it counts from loopback lock out no
 * other test.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesTestDatabase
class ForwardedAddressSignInTests {

    static final int ATTEMPTS = 30;

    @Autowired
    JdbcClient jdbc;

    final HttpClient http = HttpClient.newHttpClient();

    /** A wrong password for a fresh e-mail (so only the address can be throttled); answers "wrong" or "throttled". */
    String wrongSignIn(int port, String email, String... headers) throws Exception {
        String form = "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password=wrong+guess";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                // the sign-in form is only taken from this site's own pages
                .header("Origin", "http://localhost:" + port)
                .POST(HttpRequest.BodyPublishers.ofString(form));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(302);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).contains("/login?error");
        return location.contains("throttled") ? "throttled" : "wrong";
    }

    static String freshEmail() {
        return "guess-" + UUID.randomUUID() + "@example.com";
    }

    String auditedAddress(String email) {
        return jdbc.sql("select remote_address from audit_log where action = 'sign_in_failed' and target = ?")
                .param(email).query(String.class).single();
    }

    HttpResponse<String> signInPage(int port, String... headers) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).headers(headers).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    @TestPropertySource(properties = "flytrap.trusted-proxies=")
    class ByDefault {

        @LocalServerPort
        int port;

        @Test
        void shouldLockOutTheConnectingAddressWhateverXForwardedForSays() throws Exception {
            List<String> answers = new ArrayList<>();
            String firstEmail = null;
            for (int i = 0; i < ATTEMPTS; i++) {
                String email = freshEmail();
                firstEmail = firstEmail == null ? email : firstEmail;
                answers.add(wrongSignIn(port, email, "X-Forwarded-For", "10.1.2." + i));
            }

            assertThat(answers.subList(0, SignInThrottle.MAX_FAILURES_PER_ADDRESS)).containsOnly("wrong");
            assertThat(answers.subList(SignInThrottle.MAX_FAILURES_PER_ADDRESS, ATTEMPTS))
                    .as("a new X-Forwarded-For per attempt does not make a new client").containsOnly("throttled");
            assertThat(auditedAddress(firstEmail)).as("the audit log names the peer, not the forged header")
                    .isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        }

        @Test
        void shouldNotTakeAForgedXForwardedProtoForHttps() throws Exception {
            HttpResponse<String> page = signInPage(port, "X-Forwarded-Proto", "https");

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Strict-Transport-Security")).as("plain HTTP: no HSTS").isEmpty();
        }
    }

    @Nested
    @TestPropertySource(properties = "flytrap.trusted-proxies=127.0.0.1/32,::1/128")
    class BehindATrustedProxy {

        @LocalServerPort
        int port;

        @Test
        void shouldCountEachClientTheProxyNamesOnItsOwn() throws Exception {
            String client = "198.51.100.7";
            for (int i = 0; i < SignInThrottle.MAX_FAILURES_PER_ADDRESS; i++) {
                assertThat(wrongSignIn(port, freshEmail(), "X-Forwarded-For", client)).isEqualTo("wrong");
            }

            assertThat(wrongSignIn(port, freshEmail(), "X-Forwarded-For", client)).as("that client is locked out")
                    .isEqualTo("throttled");
            String neighbour = freshEmail();
            assertThat(wrongSignIn(port, neighbour, "X-Forwarded-For", "198.51.100.8"))
                    .as("another client behind the same proxy is not").isEqualTo("wrong");
            assertThat(auditedAddress(neighbour)).isEqualTo("198.51.100.8");
        }

        @Test
        void shouldCountTheAddressTheProxyAppendedNotOnesTheClientWrote() throws Exception {
            String client = "198.51.100.20";
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < ATTEMPTS; i++) {
                // the client forges a new left-hand entry each time; the proxy appends the one it really saw
                answers.add(wrongSignIn(port, freshEmail(), "X-Forwarded-For", "10.9.9." + i + ", " + client));
            }

            assertThat(answers.subList(SignInThrottle.MAX_FAILURES_PER_ADDRESS, ATTEMPTS)).containsOnly("throttled");
        }

        @Test
        void shouldRecogniseHttpsFromTheProxy() throws Exception {
            HttpResponse<String> page = signInPage(port, "X-Forwarded-Proto", "https");

            assertThat(page.headers().firstValue("Strict-Transport-Security")).get().asString().contains("max-age=");
        }
    }
}
