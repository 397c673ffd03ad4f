package io.flytrap.dashboard.security;

import io.flytrap.core.projects.ProjectMemberService;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.User;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.BrowserSupport;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.testsupport.UsesTestDatabase;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single sign-on end to end: a real OpenID Connect provider in this JVM (mock-oauth2-server: discovery, JWKS,
 * authorize, token and user info endpoints, signed tokens), Flytrap configured with its four settings plus the
 * group policy, and headless Chromium clicking "Sign in with Acme ID". Each ID token's claims come from a token
 * callback queued before the click, so a test states exactly what the provider vouches for. Refusals must leave
 * no account, no membership and no signed-in session behind.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesTestDatabase
class SsoBrowserTests {

    static final String ISSUER_ID = "acme";
    static final String CLIENT_ID = "flytrap";
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String WEB = "sso-web-" + SUFFIX;
    static final String MOBILE = "sso-mobile-" + SUFFIX;
    static final String MANUAL = "sso-manual-" + SUFFIX;
    static final String BREAK_GLASS = "break-glass-" + SUFFIX + "@example.com";
    static final String PASSWORD = "a long test password";
    static final MockOAuth2Server provider = new MockOAuth2Server();

    static {
        provider.start();
    }

    @DynamicPropertySource
    static void singleSignOn(DynamicPropertyRegistry registry) {
        registry.add("flytrap.oidc.issuer", () -> provider.issuerUrl(ISSUER_ID).toString());
        registry.add("flytrap.oidc.client-id", () -> CLIENT_ID);
        registry.add("flytrap.oidc.client-secret", () -> "a confidential client's secret");
        registry.add("flytrap.oidc.provider-name", () -> "Acme ID");
        registry.add("flytrap.oidc.allowed-domains", () -> "acme.example");
        registry.add("flytrap.oidc.admin-group", () -> "flytrap-admins");
        registry.add("flytrap.oidc.group-projects", () -> "team-web=" + WEB + ";team-mobile=" + MOBILE + "," + WEB.toUpperCase());
        registry.add("flytrap.sign-in.local-login", () -> "false");
        registry.add("flytrap.sign-in.break-glass-email", () -> BREAK_GLASS);
    }

    @AfterAll
    static void stopProvider() {
        provider.shutdown();
    }

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;
    @Autowired
    ProjectMemberService members;
    @Autowired
    JdbcClient jdbc;

    BrowserSupport browser;
    User breakGlass;

    @BeforeEach
    void start() {
        breakGlass = users.findCredentials(BREAK_GLASS).map(found -> found.user())
                .orElseGet(() -> users.create(BREAK_GLASS, PASSWORD, Role.ADMIN));
        for (String name : List.of(WEB, MOBILE, MANUAL)) {
            if (projectId(name) == null) {
                projects.create(breakGlass.asCaller(), name, "javascript");
            }
        }
        browser = new BrowserSupport(port);
    }

    @AfterEach
    void stop() {
        browser.close();
    }

    @Test
    void shouldCreateAnAccountForAnAllowedDomainWithTheProjectsItsGroupsGrant() {
        String email = "ada-" + UUID.randomUUID() + "@acme.example";
        signInWithProvider(email, true, List.of("team-web"));

        assertThat(browser.bodyText()).contains(WEB).doesNotContain(MOBILE).doesNotContain(MANUAL);
        long userId = userId(email);
        assertThat(role(userId)).isEqualTo("member");
        assertThat(memberships(userId)).containsExactly(WEB + "=sso");
        assertThat(audit(userId, "sign_in")).contains("\"via\": \"oidc\"", "\"account\": \"created\"");
        assertThat(audit(userId, "member_added")).contains("oidc");
    }

    @Test
    void shouldReEvaluateGroupsAtEverySignInButKeepWhatWasGrantedByHand() {
        String email = "grace-" + UUID.randomUUID() + "@acme.example";
        signInWithProvider(email, true, List.of("team-web", "flytrap-admins"));
        long userId = userId(email);
        assertThat(role(userId)).isEqualTo("admin");
        members.add(breakGlass.asCaller(), projectId(MANUAL), email);

        // out of team-web and the admin group, into team-mobile (which grants web too, named in capitals)
        browser.driver.manage().deleteAllCookies();
        signInWithProvider(email, true, List.of("team-mobile"));
        assertThat(role(userId)).isEqualTo("member");
        assertThat(memberships(userId)).containsExactlyInAnyOrder(MANUAL + "=manual", MOBILE + "=sso", WEB + "=sso");
        assertThat(audit(userId, "role_changed")).contains("\"to\": \"member\"", "oidc");

        // no group at all: every membership single sign-on granted goes, the one given by hand stays
        browser.driver.manage().deleteAllCookies();
        signInWithProvider(email, true, List.of());
        assertThat(memberships(userId)).containsExactly(MANUAL + "=manual");
        assertThat(browser.bodyText()).contains(MANUAL).doesNotContain(MOBILE).doesNotContain(WEB);
        assertThat(audit(userId, "member_removed")).contains("oidc");
    }

    @Test
    void shouldRefuseADomainThatIsNotAllowedWithoutMakingAnAccount() {
        String email = "mallory-" + UUID.randomUUID() + "@elsewhere.example";
        assertRefused(callback(email, true, List.of(), List.of(CLIENT_ID), 3600), "may not use Flytrap");
        assertThat(users.findCredentials(email)).isEmpty();
        assertThat(refusals(email)).contains("\"reason\": \"not-allowed\"");
    }

    @Test
    void shouldRefuseToLinkAnExistingAccountByAnUnverifiedEmail() {
        String email = "local-" + UUID.randomUUID() + "@acme.example";
        long userId = users.create(email, PASSWORD, Role.MEMBER).id();
        assertRefused(callback(email, false, List.of("team-web", "flytrap-admins"), List.of(CLIENT_ID), 3600),
                "has not verified your e-mail address");
        assertThat(role(userId)).as("no role from the groups of an identity that was refused").isEqualTo("member");
        assertThat(memberships(userId)).isEmpty();
        assertThat(refusals(email)).contains("\"reason\": \"email-not-verified\"");
    }

    @Test
    void shouldRefuseAnExpiredIdToken() {
        String email = "late-" + UUID.randomUUID() + "@acme.example";
        long before = invalidTokenRefusals();
        assertRefused(callback(email, true, List.of("team-web"), List.of(CLIENT_ID), -3600), "expired");
        assertThat(users.findCredentials(email)).isEmpty();
        assertThat(invalidTokenRefusals()).isGreaterThan(before);
    }

    @Test
    void shouldRefuseAnIdTokenIssuedForAnotherClient() {
        String email = "stray-" + UUID.randomUUID() + "@acme.example";
        long before = invalidTokenRefusals();
        assertRefused(idTokenFor("another-client", email), "meant for another application");
        assertThat(users.findCredentials(email)).as("no account from a token meant for another client").isEmpty();
        assertThat(invalidTokenRefusals()).as("one audited invalid-token refusal").isEqualTo(before + 1);

        // the same identity with this client's audience gets in: the audience alone made the refusal
        browser.driver.manage().deleteAllCookies();
        signInWith(idTokenFor(CLIENT_ID, email));
        assertThat(memberships(userId(email))).containsExactly(WEB + "=sso");
    }

    @Test
    void shouldAskForPkceAlthoughTheClientHasASecret() throws Exception {
        HttpResponse<String> start = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(browser.url("/oauth2/authorization/oidc"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).isEqualTo(302);
        assertThat(start.headers().firstValue("Location").orElseThrow())
                .startsWith(provider.authorizationEndpointUrl(ISSUER_ID).toString())
                .contains("code_challenge_method=S256", "code_challenge=", "client_id=" + CLIENT_ID, "nonce=");
    }

    @Test
    void shouldRefusePasswordsExceptTheBreakGlassAdministrators() throws Exception {
        String email = "member-" + UUID.randomUUID() + "@acme.example";
        users.create(email, PASSWORD, Role.MEMBER);
        assertThat(formSignIn(email, PASSWORD)).as("a right password, but local login is off").contains("/login?error");
        assertThat(refusals(email)).contains("\"reason\": \"local-login-disabled\"");
        assertThat(formSignIn(BREAK_GLASS, PASSWORD)).doesNotContain("error");

        browser.driver.get(browser.url("/login"));
        browser.wait.until(d -> d.findElements(By.id("local-login-off")).size() == 1);
        browser.signIn(BREAK_GLASS, PASSWORD);
    }

    @Test
    void shouldEndTheSessionsABackChannelLogoutTokenNames() throws Exception {
        String email = "bob-" + UUID.randomUUID() + "@acme.example";
        String subject = signInWithProvider(email, true, List.of("team-web"));

        Map<String, Object> claims = Map.of("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
        String logoutToken = provider.issueToken(ISSUER_ID, CLIENT_ID,
                new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(CLIENT_ID), claims, 120)).serialize();
        HttpResponse<String> logout = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(browser.url("/logout/connect/back-channel/oidc")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + logoutToken)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(200);

        browser.driver.get(browser.url("/"));
        browser.wait.until(d -> d.getCurrentUrl().contains("/login") || browser.bodyText().toLowerCase().contains("expired"));
        browser.driver.get(browser.url("/"));
        browser.wait.until(d -> d.getCurrentUrl().contains("/login"));
        assertThat(browser.driver.findElements(By.id("projects"))).isEmpty();
    }

    /** Clicks the provider's button with the given claims queued; returns the subject. Waits for the projects page. */
    String signInWithProvider(String email, boolean verified, List<String> groups) {
        String subject = "sub-" + UUID.randomUUID();
        signInWith(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(CLIENT_ID),
                claims(email, verified, groups), 3600));
        return subject;
    }

    void signInWith(DefaultOAuth2TokenCallback callback) {
        provider.enqueueCallback(callback);
        clickSignIn();
        browser.wait.until(d -> d.findElements(By.id("projects")).size() + d.findElements(By.id("new-project")).size() > 0);
    }

    void assertRefused(DefaultOAuth2TokenCallback callback, String message) {
        provider.enqueueCallback(callback);
        clickSignIn();
        browser.wait.until(d -> d.findElements(By.id("sso-refused")).size() == 1);
        assertThat(browser.driver.findElement(By.id("sso-refused")).getText()).contains(message);
        assertThat(browser.bodyText()).doesNotContain("Exception").doesNotContain("at org.");
        // no session came of it: the dashboard still asks who you are
        browser.driver.get(browser.url("/"));
        browser.wait.until(d -> d.getCurrentUrl().contains("/login"));
    }

    void clickSignIn() {
        browser.driver.get(browser.url("/login"));
        browser.click(By.id("sso-sign-in"));
    }

    static DefaultOAuth2TokenCallback callback(String email, boolean verified, List<String> groups, List<String> audience,
                                               long expirySeconds) {
        return new DefaultOAuth2TokenCallback(ISSUER_ID, "sub-" + UUID.randomUUID(), "JWT", audience,
                claims(email, verified, groups), expirySeconds);
    }

    /**
     * An ID token whose {@code aud} names the given client. The mock provider's code grant sets {@code aud} to the
     * client that redeems the code and then lays the callback's claims over it (OAuth2TokenProvider.idToken, then
     * addClaims), so an "aud" claim is how a provider answering for another application is played; the callback's
     * audience argument reaches only the access token, which Flytrap does not read.
     */
    static DefaultOAuth2TokenCallback idTokenFor(String audience, String email) {
        Map<String, Object> claims = claims(email, true, List.of("team-web"));
        claims.put("aud", List.of(audience));
        return new DefaultOAuth2TokenCallback(ISSUER_ID, "sub-" + UUID.randomUUID(), "JWT", List.of(CLIENT_ID), claims, 3600);
    }

    static Map<String, Object> claims(String email, boolean verified, List<String> groups) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("email", email);
        claims.put("email_verified", verified);
        claims.put("name", "Test Person");
        claims.put("groups", groups);
        return claims;
    }

    String formSignIn(String email, String password) throws Exception {
        String form = "username=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(browser.url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "http://localhost:" + port)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(302);
        return response.headers().firstValue("Location").orElseThrow();
    }

    Long projectId(String name) {
        return jdbc.sql("select id from projects where name = ?").param(name).query(Long.class).optional().orElse(null);
    }

    long userId(String email) {
        return users.findCredentials(email).orElseThrow().user().id();
    }

    String role(long userId) {
        return jdbc.sql("select role from users where id = ?").param(userId).query(String.class).single();
    }

    List<String> memberships(long userId) {
        return jdbc.sql("select p.name || '=' || m.source from project_members m join projects p on p.id = m.project_id where m.user_id = ?")
                .param(userId).query(String.class).list();
    }

    String audit(long userId, String action) {
        return String.join("\n", jdbc.sql("select details::text from audit_log where actor_user_id = ? and action = ?")
                .params(userId, action).query(String.class).list());
    }

    String refusals(String email) {
        return String.join("\n", jdbc.sql("select details::text from audit_log where target = ? and action = 'sign_in_failed'")
                .param(email).query(String.class).list());
    }

    long invalidTokenRefusals() {
        return jdbc.sql("select count(*) from audit_log where action = 'sign_in_failed' and details->>'reason' = 'invalid-token'")
                .query(Long.class).single();
    }
}
