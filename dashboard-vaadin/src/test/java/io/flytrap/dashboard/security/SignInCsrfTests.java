package io.flytrap.dashboard.security;

import io.flytrap.core.users.Role;
import io.flytrap.core.users.User;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.BrowserSupport;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login CSRF: another site's page posting the sign-in form with the attacker's credentials would sign the
 * victim's browser into the attacker's account (and everything the victim then sends lands there). Vaadin leaves
 * the form's POST /login outside Spring's CSRF tokens, so the form is taken only from this site's own pages
 * (Origin, or Referer without it), and the session cookie is SameSite=Lax. Real HTTP, as a browser would send it.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesTestDatabase
class SignInCsrfTests {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;

    final String password = "a long test password";
    User attacker;

    @BeforeEach
    void createTheAttackersAccount() {
        attacker = users.create("attacker-" + UUID.randomUUID() + "@example.com", password, Role.MEMBER);
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** A browser: keeps its cookies, does not follow redirects (so each answer can be looked at). */
    static HttpClient browserLike() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    HttpResponse<String> postSignIn(HttpClient client, String... headers) throws Exception {
        String form = "username=" + URLEncoder.encode(attacker.email(), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Whether the client's cookies now open the dashboard (anonymous visitors are sent to /login). */
    boolean signedIn(HttpClient client) throws Exception {
        HttpResponse<String> home = client.send(HttpRequest.newBuilder(URI.create(url("/"))).build(), HttpResponse.BodyHandlers.ofString());
        if (home.statusCode() == 302) {
            assertThat(home.headers().firstValue("Location")).get().asString().endsWith("/login");
            return false;
        }
        assertThat(home.statusCode()).isEqualTo(200);
        return true;
    }

    long signInsAudited() {
        return jdbc.sql("select count(*) from audit_log where action = 'sign_in' and actor_user_id = ?").param(attacker.id())
                .query(Long.class).single();
    }

    void assertRefusedAndStillAnonymous(HttpClient client, HttpResponse<String> answer) throws Exception {
        assertRefusedAndStillAnonymous(client, answer, 0);
    }

    void assertRefusedAndStillAnonymous(HttpClient client, HttpResponse<String> answer, long signInsBefore) throws Exception {
        assertThat(signedIn(client)).as("the follow-up request is anonymous").isFalse();
        assertThat(signInsAudited()).as("nobody signed in").isEqualTo(signInsBefore);
        assertThat(answer.statusCode()).isEqualTo(403);
    }

    @Test
    void shouldRefuseTheSignInFormPostedFromAnotherSite() throws Exception {
        HttpClient victim = browserLike();
        // the victim has visited Flytrap before: a session exists for the forged POST to sign in
        assertThat(signedIn(victim)).isFalse();

        HttpResponse<String> answer = postSignIn(victim, "Origin", "https://evil.example",
                "Referer", "https://evil.example/cats.html");

        assertRefusedAndStillAnonymous(victim, answer);
    }

    @Test
    void shouldRefuseAnOpaqueOrigin() throws Exception {
        // a sandboxed iframe, or a page with Referrer-Policy: no-referrer, sends "Origin: null" and no Referer
        HttpClient victim = browserLike();

        assertRefusedAndStillAnonymous(victim, postSignIn(victim, "Origin", "null"));
    }

    @Test
    void shouldRefuseASiteThatOnlyLooksAlike() throws Exception {
        HttpClient victim = browserLike();

        assertRefusedAndStillAnonymous(victim, postSignIn(victim, "Origin", "http://localhost:" + port + ".evil.example"));
        assertRefusedAndStillAnonymous(victim, postSignIn(victim, "Origin", "http://localhost:" + (port + 1)));
    }

    @Test
    void shouldRefuseAPostThatSaysNothingOfWhereItCameFrom() throws Exception {
        // every browser names the origin of a form POST; a client that does not is no browser and has the API
        HttpClient client = browserLike();

        assertRefusedAndStillAnonymous(client, postSignIn(client));
    }

    @Test
    void shouldSignInFromItsOwnPage() throws Exception {
        HttpClient browser = browserLike();

        HttpResponse<String> answer = postSignIn(browser, "Origin", url(""), "Referer", url("/login"));

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).get().asString().doesNotContain("error");
        assertThat(signedIn(browser)).isTrue();
        assertThat(signInsAudited()).isEqualTo(1);
    }

    @Test
    void shouldTakeTheRefererWhenABrowserSendsNoOrigin() throws Exception {
        HttpClient browser = browserLike();

        assertThat(postSignIn(browser, "Referer", url("/login")).statusCode()).isEqualTo(302);
        assertThat(signedIn(browser)).isTrue();

        HttpClient victim = browserLike();
        assertRefusedAndStillAnonymous(victim, postSignIn(victim, "Referer", "https://evil.example/login"), 1);
    }

    @Test
    void shouldSendTheSessionCookieHttpOnlyAndSameSiteLax() throws Exception {
        HttpResponse<String> page = browserLike().send(HttpRequest.newBuilder(URI.create(url("/login"))).build(),
                HttpResponse.BodyHandlers.ofString());

        List<String> session = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).toList();
        assertThat(session).singleElement().asString()
                .containsIgnoringCase("; HttpOnly")
                .containsIgnoringCase("; SameSite=Lax");
    }

    @Test
    void shouldStillSignInThroughTheRealFormInChromium() {
        try (BrowserSupport browser = new BrowserSupport(port)) {
            // the form posts from this site's own page, so the Origin check lets it through
            browser.signIn(attacker.email(), password);

            assertThat(signInsAudited()).isEqualTo(1);
            assertThat(browser.driver.manage().getCookieNamed("JSESSIONID")).isNotNull();
        }
    }
}
