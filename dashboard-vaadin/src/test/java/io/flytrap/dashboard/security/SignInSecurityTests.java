package io.flytrap.dashboard.security;

import io.flytrap.core.users.Role;
import io.flytrap.core.users.SignInThrottle;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.BrowserSupport;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Sign-in in a real browser: throttled after repeated failures (alike for every e-mail), audited, and the headers. */
// Its own context (the property), so failures counted here from the loopback address meet no other test's
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.sign-in.lockout=15m")
@UsesTestDatabase
class SignInSecurityTests {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;

    BrowserSupport browser;
    final String password = "a long test password";

    @BeforeEach
    void startBrowser() {
        browser = new BrowserSupport(port);
    }

    @AfterEach
    void stopBrowser() {
        browser.close();
    }

    /** Submits the sign-in form; answers "wrong", "throttled" or "" once signed in. */
    private String attempt(String email, String secret) {
        browser.driver.manage().deleteAllCookies();
        browser.driver.get(browser.url("/login"));
        WebElement username = browser.wait.until(d -> d.findElements(By.cssSelector("vaadin-login-form input[name='username']"))
                .stream().findFirst().orElse(null));
        username.sendKeys(email);
        browser.driver.findElement(By.cssSelector("vaadin-login-form input[name='password']")).sendKeys(secret);
        browser.driver.findElement(By.cssSelector("vaadin-login-form vaadin-button[slot='submit']")).click();
        browser.wait.until(d -> d.getCurrentUrl().contains("error") || !d.getCurrentUrl().contains("/login"));
        if (!browser.driver.getCurrentUrl().contains("error")) {
            return "";
        }
        // The form shows its i18n error title once its error attribute is set
        browser.wait.until(d -> Boolean.TRUE.equals(browser.js(
                "const f = document.querySelector('vaadin-login-form'); return !!f && f.error === true")));
        String title = String.valueOf(browser.js("return document.querySelector('vaadin-login-form').i18n.errorMessage.title"));
        return title.startsWith("Too many") ? "throttled" : "wrong";
    }

    @Test
    void shouldPauseSignInAfterRepeatedFailuresAlikeForExistingAndUnknownEmails() {
        String email = "throttled-" + UUID.randomUUID() + "@example.com";
        var user = users.create(email, password, Role.MEMBER);
        String unknown = "nobody-" + UUID.randomUUID() + "@example.com";

        for (int i = 0; i < SignInThrottle.MAX_FAILURES_PER_EMAIL; i++) {
            assertThat(attempt(email, "wrong guess " + i)).isEqualTo("wrong");
            assertThat(attempt(unknown, "wrong guess " + i)).isEqualTo("wrong");
        }

        assertThat(attempt(email, password)).as("even the right password waits out the pause").isEqualTo("throttled");
        assertThat(attempt(unknown, "another guess")).as("an unknown e-mail answers exactly the same").isEqualTo("throttled");
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'sign_in_failed' and target = ?").param(email)
                .query(Long.class).single()).as("failures audited; the throttled attempt never reached the password check")
                .isEqualTo(SignInThrottle.MAX_FAILURES_PER_EMAIL);
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'sign_in' and actor_user_id = ?").param(user.id())
                .query(Long.class).single()).as("not signed in").isZero();
    }

    @Test
    void shouldRefuseAnApiTokenToAnEmailLockedOutOfTheForm() throws Exception {
        String email = "form-locked-" + UUID.randomUUID() + "@example.com";
        var user = users.create(email, password, Role.MEMBER);
        for (int i = 0; i < SignInThrottle.MAX_FAILURES_PER_EMAIL; i++) {
            assertThat(attempt(email, "wrong guess " + i)).isEqualTo("wrong");
        }

        HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(browser.url("/api/v1/tokens")))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(token.statusCode()).as("the API is no way around the form's pause: " + token.body()).isEqualTo(429);
        assertThat(jdbc.sql("select count(*) from api_tokens where user_id = ?").param(user.id()).query(Long.class).single())
                .isZero();
    }

    @Test
    void shouldAuditASuccessfulSignInWithTheClientAddress() {
        String email = "audited-" + UUID.randomUUID() + "@example.com";
        var user = users.create(email, password, Role.MEMBER);

        assertThat(attempt(email, password)).isEmpty();

        assertThat(jdbc.sql("select remote_address from audit_log where action = 'sign_in' and actor_user_id = ?")
                .param(user.id()).query(String.class).single()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    }

    @Test
    void shouldSendSecurityHeadersWithEveryPage() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(browser.url("/login")))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("frame-ancestors 'none'").contains("object-src 'none'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("same-origin");
        // HSTS behind a TLS-terminating proxy: ForwardedAddressSignInTests (only a trusted proxy's word counts)
        assertThat(page.headers().firstValue("Strict-Transport-Security")).as("HSTS only behind HTTPS").isEmpty();
    }
}
