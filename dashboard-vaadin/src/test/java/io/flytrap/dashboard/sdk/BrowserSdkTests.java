package io.flytrap.dashboard.sdk;

import com.sun.net.httpserver.HttpServer;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.BrowserSupport;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.functions.process.QueueWorker;
import io.flytrap.testsupport.JavaScriptSdks;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The browser SDK's script-tag build (sdks/javascript/browser/dist/flytrap.min.js) in headless Chromium, on a
 * page served from another origin than Flytrap: an uncaught error, an unhandled rejection with an Error and one
 * with a plain object, and a message sent as the page goes away all arrive at this running Flytrap — through a
 * real CORS check — and become issues with the browser's name and the page's frames.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.enabled=false")
@UsesTestDatabase
class BrowserSdkTests {

    @LocalServerPort
    int flytrapPort;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    QueueWorker worker;
    @Autowired
    JdbcClient jdbc;

    HttpServer site;
    BrowserSupport browser;
    CreatedProject project;

    @BeforeEach
    void serveAPageThatUsesTheSdk() throws IOException {
        project = projects.create(TestAccounts.member(users, "browser-sdk"), "Storefront", "javascript");
        String dsn = "http://" + project.key().publicKey() + "@127.0.0.1:" + flytrapPort + "/" + project.project().id();
        byte[] script = Files.readAllBytes(JavaScriptSdks.browserScript());
        String page = """
                <!doctype html><html><head><meta charset="utf-8"><title>Shop</title>
                <script src="/flytrap.min.js"></script>
                <script>Flytrap.init({dsn: '%s', release: 'storefront@1.0.0', environment: 'browser-test'});</script>
                </head><body><button id="buy" class="primary">Buy</button><button id="pay">Pay</button>
                <script>
                function checkout(cart) { return cart.items.length; }
                document.getElementById('buy').addEventListener('click', function onBuy() { checkout(undefined); });
                document.getElementById('pay').addEventListener('click', function onPay() {
                  Promise.reject(new Error('payment declined'));
                  Promise.reject({code: 'E_TIMEOUT'});
                });
                </script></body></html>""".formatted(dsn);
        // Served as http://localhost:<port>, while Flytrap is http://127.0.0.1:<port>: a cross-origin page
        site = ScriptedPage.serve(page, "/flytrap.min.js", script);
        browser = new BrowserSupport(site.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        site.stop(0);
    }

    private long queued() {
        return jdbc.sql("select count(*) from queued_events where project_id = ?").param(project.project().id())
                .query(Long.class).single();
    }

    private void awaitQueued(long count) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(queued()).as("events arrived").isGreaterThanOrEqualTo(count));
    }

    @Test
    void shouldDeliverUncaughtErrorsAndRejectionsFromAPageToFlytrap() throws Exception {
        browser.driver.get(browser.url("/"));
        browser.click(By.id("buy"));
        browser.click(By.id("pay"));
        awaitQueued(3);
        while (worker.drainOnce() > 0) {
            // process everything that arrived
        }

        List<Map<String, Object>> issues = jdbc.sql("""
                        select title, culprit, unhandled, last_release from issues where project_id = ? order by title""")
                .param(project.project().id()).query().listOfRows();
        assertThat(issues).extracting(issue -> issue.get("title")).containsExactly(
                "Error: payment declined",
                "TypeError: Cannot read properties of undefined (reading 'items')",
                "UnhandledRejection: {\"code\":\"E_TIMEOUT\"}");
        assertThat(issues).allSatisfy(issue -> {
            assertThat(issue.get("unhandled")).isEqualTo(true);
            assertThat(issue.get("last_release")).isEqualTo("storefront@1.0.0");
        });
        assertThat(issues.get(1).get("culprit")).as("the page's own function that threw").asString().contains("checkout");

        String typeError = jdbc.sql("""
                        select e.payload::text from events e join issues i on i.id = e.issue_id
                        where i.project_id = ? and i.title like 'TypeError%'""")
                .param(project.project().id()).query(String.class).single();
        assertThat(typeError).contains("Chrome ").contains("onBuy").contains(browser.url("/"))
                .contains("browser-test");
        assertThat(jdbc.sql("select count(*) from events where project_id = ?").param(project.project().id())
                .query(Long.class).single()).as("each error stored once").isEqualTo(3);
    }

    @Test
    void shouldDeliverAMessageCapturedJustBeforeThePageGoesAway() throws Exception {
        browser.driver.get(browser.url("/"));
        browser.js("Flytrap.captureMessage('leaving checkout', 'warning'); location.href = 'about:blank';");
        awaitQueued(1);
        worker.drainOnce();

        assertThat(jdbc.sql("select title from issues where project_id = ?").param(project.project().id())
                .query(String.class).list()).containsExactly("leaving checkout");
    }
}
