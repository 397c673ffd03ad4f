package io.flytrap.dashboard.security;

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
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An identity provider that is down when Flytrap starts (its port chosen, nothing listening yet), then comes up.
 * Flytrap must start and report healthy, keep the sign-in button, answer a click with a clear "cannot be reached"
 * (no stack trace, no 500, no account), keep the break-glass password login working, and once the provider is up
 * sign in through it and honour its back-channel logout, all without a restart. Its own Spring context: the
 * issuer differs from SsoBrowserTests', whose provider runs from the start.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@UsesTestDatabase
class SsoProviderDownTests {

    static final String ISSUER_ID = "acme-late";
    static final String CLIENT_ID = "flytrap";
    static final String WEB = "sso-late-web-" + UUID.randomUUID().toString().substring(0, 8);
    static final String BREAK_GLASS = "break-glass-late-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    static final String PASSWORD = "a long test password";
    static final int PROVIDER_PORT = freePort();
    /** Created, not started: the provider is down while Flytrap starts. */
    static final MockOAuth2Server provider = new MockOAuth2Server();

    @DynamicPropertySource
    static void singleSignOn(DynamicPropertyRegistry registry) {
        // what MockOAuth2Server.issuerUrl will answer once it listens on that port (it is not running yet)
        registry.add("flytrap.oidc.issuer", () -> "http://localhost:" + PROVIDER_PORT + "/" + ISSUER_ID);
        registry.add("flytrap.oidc.client-id", () -> CLIENT_ID);
        registry.add("flytrap.oidc.client-secret", () -> "a confidential client's secret");
        registry.add("flytrap.oidc.provider-name", () -> "Acme ID");
        registry.add("flytrap.oidc.allowed-domains", () -> "acme.example");
        registry.add("flytrap.oidc.group-projects", () -> "team-web=" + WEB);
        registry.add("flytrap.sign-in.local-login", () -> "false");
        registry.add("flytrap.sign-in.break-glass-email", () -> BREAK_GLASS);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
    JdbcClient jdbc;

    BrowserSupport browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void shouldStartWithoutTheProviderAndSignInThroughItOnceItIsUpWithoutARestart() throws Exception {
        // the context is up (or this test would not run); it must also say it is healthy
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");

        User breakGlass = users.create(BREAK_GLASS, PASSWORD, Role.ADMIN);
        projects.create(breakGlass.asCaller(), WEB, "javascript");
        browser = new BrowserSupport(port);

        // provider down: the button is there, a click is refused in words, twice (the second within the back-off)
        for (int click = 0; click < 2; click++) {
            browser.driver.get(browser.url("/login"));
            browser.click(By.id("sso-sign-in"));
            browser.wait.until(d -> d.findElements(By.id("sso-refused")).size() == 1);
            assertThat(browser.driver.findElement(By.id("sso-refused")).getText()).contains("can't be reached", "Try again");
            assertThat(browser.bodyText()).doesNotContain("Exception").doesNotContain("at org.");
        }
        HttpResponse<String> start = http.send(HttpRequest.newBuilder(URI.create(browser.url("/oauth2/authorization/oidc")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).as("a redirect to the sign-in page, not a 500").isEqualTo(302);
        assertThat(start.headers().firstValue("Location").orElseThrow()).endsWith("/login?sso-refused=provider-unreachable");

        // the break-glass password still gets in meanwhile
        browser.signIn(BREAK_GLASS, PASSWORD);
        browser.driver.manage().deleteAllCookies();

        // the provider comes up: the next click after the back-off signs in, Flytrap untouched
        provider.start(PROVIDER_PORT);
        assertThat(provider.issuerUrl(ISSUER_ID).toString()).isEqualTo("http://localhost:" + PROVIDER_PORT + "/" + ISSUER_ID);
        String email = "late-" + UUID.randomUUID() + "@acme.example";
        String subject = "sub-" + UUID.randomUUID();
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(CLIENT_ID),
                SsoBrowserTests.claims(email, true, List.of("team-web")), 3600));
        long deadline = System.nanoTime() + LazyClientRegistrations.BACK_OFF.plusSeconds(20).toNanos();
        boolean signedIn = false;
        int clicks = 0;
        while (!signedIn && System.nanoTime() < deadline) {
            browser.driver.get(browser.url("/login"));
            browser.click(By.id("sso-sign-in"));
            clicks++;
            browser.wait.until(d -> d.findElements(By.id("projects")).size() + d.findElements(By.id("new-project")).size()
                    + d.findElements(By.id("sso-refused")).size() > 0);
            signedIn = browser.driver.findElements(By.id("sso-refused")).isEmpty();
            if (!signedIn) {
                Thread.sleep(500);
            }
        }
        assertThat(signedIn).as("signed in through the provider within the back-off after it came up (%d clicks)", clicks).isTrue();
        assertThat(browser.bodyText()).contains(WEB);
        long userId = users.findCredentials(email).orElseThrow().user().id();
        assertThat(jdbc.sql("select p.name || '=' || m.source from project_members m join projects p on p.id = m.project_id where m.user_id = ?")
                .param(userId).query(String.class).list()).containsExactly(WEB + "=sso");

        // back-channel logout uses the registration read late, too
        Map<String, Object> claims = Map.of("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
        String logoutToken = provider.issueToken(ISSUER_ID, CLIENT_ID,
                new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(CLIENT_ID), claims, 120)).serialize();
        HttpResponse<String> logout = http.send(HttpRequest.newBuilder(URI.create(browser.url("/logout/connect/back-channel/oidc")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + logoutToken)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(200);
        browser.driver.get(browser.url("/"));
        browser.wait.until(d -> d.getCurrentUrl().contains("/login") || browser.bodyText().toLowerCase().contains("expired"));
        browser.driver.get(browser.url("/"));
        browser.wait.until(d -> d.getCurrentUrl().contains("/login"));
    }
}
