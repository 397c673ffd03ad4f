package io.flytrap.dashboard.sdk;

import com.sun.net.httpserver.HttpServer;
import io.flytrap.core.access.Caller;
import io.flytrap.core.event.Event;
import io.flytrap.core.issues.EventQueries;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.BrowserSupport;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.functions.process.QueueWorker;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The official @sentry/browser SDK (npm, bundled unchanged for a script tag) in headless Chromium, sending to this
 * running Flytrap. The SDK sends only the request's User-Agent, never browser or os contexts: Flytrap reads them
 * from Chromium's real header, shows them as facets, keeps contexts the page set itself, and reads nothing from a
 * header that says nothing.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.enabled=false")
@UsesTestDatabase
class SentryBrowserSdkTests {

    static final Path CLIENT = Path.of("src/test/node/sentry-browser");
    static byte[] sentryScript;

    @LocalServerPort
    int flytrapPort;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    QueueWorker worker;
    @Autowired
    IssueQueries issues;
    @Autowired
    EventQueries events;
    @Autowired
    JdbcClient jdbc;

    HttpServer site;
    BrowserSupport browser;
    Caller owner;
    CreatedProject project;

    @BeforeAll
    static void bundleTheSdk() throws Exception {
        if (!Files.isDirectory(CLIENT.resolve("node_modules/@sentry/browser"))) {
            assertThat(run("npm", "ci", "--no-audit", "--no-fund")).as("npm ci (needs Node.js and npm; test.sh installs them)").isZero();
        }
        Path bundle = Files.createTempFile("sentry-browser", ".min.js");
        assertThat(run("node", "build.mjs", bundle.toString())).as("esbuild bundle of @sentry/browser").isZero();
        sentryScript = Files.readAllBytes(bundle);
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(CLIENT.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(String.join(" ", command) + " finished").isTrue();
        return process.exitValue();
    }

    @BeforeEach
    void serveAPageThatUsesTheSdk() throws Exception {
        owner = TestAccounts.member(users, "sentry-browser");
        project = projects.create(owner, "Storefront", "javascript");
        String dsn = "http://" + project.key().publicKey() + "@127.0.0.1:" + flytrapPort + "/" + project.project().id();
        // beforeSend is the SDK's own hook for changing an event: here it stands in for a page whose header is
        // garbage or missing, which Chromium itself never sends
        String page = """
                <!doctype html><html><head><meta charset="utf-8"><title>Shop</title>
                <script src="/sentry.min.js"></script>
                <script>
                Sentry.init({dsn: '%s', release: 'storefront@2.0.0', beforeSend(event) {
                  const message = event.exception.values[0].value;
                  if (message === 'garbage agent') event.request.headers['User-Agent'] = '%%%%<b>not a browser</b>;;';
                  if (message === 'no agent') delete event.request.headers['User-Agent'];
                  return event;
                }});
                </script></head><body></body></html>""".formatted(dsn);
        site = ScriptedPage.serve(page, "/sentry.min.js", sentryScript);
        browser = new BrowserSupport(site.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        site.stop(0);
    }

    /** Captures each error on the page, waits for the SDK to deliver them, and processes what arrived. */
    private Map<String, IssueSummary> capture(String... scripts) throws InterruptedException {
        browser.driver.get(browser.url("/"));
        for (String script : scripts) {
            browser.js(script);
        }
        browser.js("return Sentry.flush(5000)");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(queued()).as("events arrived").isGreaterThanOrEqualTo(scripts.length));
        while (worker.drainOnce() > 0) {
            // process everything that arrived
        }
        return issues.search(owner, project.project().id(), IssueFilter.all(), 0, 10).stream()
                .collect(Collectors.toMap(IssueSummary::title, Function.identity()));
    }

    private long queued() {
        return jdbc.sql("select count(*) from queued_events where project_id = ?").param(project.project().id())
                .query(Long.class).single();
    }

    private Event latest(IssueSummary issue) {
        return events.event(owner, issue.id(), null).orElseThrow().event();
    }

    private Map<String, String> topFacetValues(IssueSummary issue) {
        return events.facets(owner, issue.id()).stream()
                .collect(Collectors.toMap(EventQueries.Facet::name, facet -> facet.values().getFirst().value()));
    }

    @Test
    void shouldShowTheBrowserAndOsOfChromiumsOwnUserAgentAsFacets() throws Exception {
        String userAgent = (String) browser.js("return navigator.userAgent");
        Matcher chrome = Pattern.compile("(Headless)?Chrome/(\\d+)\\.(\\d+)\\.(\\d+)").matcher(userAgent);
        assertThat(chrome.find()).as("Chromium's User-Agent: %s", userAgent).isTrue();
        String name = chrome.group(1) == null ? "Chrome" : "HeadlessChrome";
        String version = chrome.group(2) + "." + chrome.group(3) + "." + chrome.group(4);

        IssueSummary issue = capture("Sentry.captureException(new Error('checkout failed'))").get("Error: checkout failed");

        Event event = latest(issue);
        assertThat(event.request().headers()).as("what the SDK sent: the header only").containsEntry("User-Agent", userAgent);
        assertThat(event.contexts().get("browser")).as("derived from %s", userAgent)
                .containsEntry("name", name).containsEntry("version", version);
        assertThat(event.contexts().get("os")).containsEntry("name", "Linux");
        assertThat(event.contexts()).as("a desktop says nothing about its device: none is made up").doesNotContainKey("device");
        assertThat(topFacetValues(issue)).containsEntry("browser", name + " " + version).containsEntry("os", "Linux")
                .doesNotContainKey("device");
    }

    @Test
    void shouldKeepTheContextsThePageSetAndDeriveOnlyTheOthers() throws Exception {
        IssueSummary issue = capture("""
                Sentry.withScope(scope => {
                  scope.setContext('browser', {name: 'Shop WebView', version: '3.1'});
                  scope.setContext('device', {family: 'Kiosk', model: 'Kiosk K2'});
                  Sentry.captureException(new Error('kiosk checkout failed'));
                })""").get("Error: kiosk checkout failed");

        Event event = latest(issue);
        assertThat(event.contexts().get("browser")).as("the page's own browser context, not Chromium's")
                .containsEntry("name", "Shop WebView").containsEntry("version", "3.1").doesNotContainKey("type");
        assertThat(event.contexts().get("device")).containsEntry("model", "Kiosk K2");
        assertThat(event.contexts().get("os")).as("still read from the header").containsEntry("name", "Linux");
        assertThat(topFacetValues(issue)).containsEntry("browser", "Shop WebView 3.1").containsEntry("device", "Kiosk K2")
                .containsEntry("os", "Linux");
    }

    @Test
    void shouldStoreEventsWithAGarbageOrMissingUserAgentWithoutBrowserOrOs() throws Exception {
        Map<String, IssueSummary> captured = capture("Sentry.captureException(new TypeError('garbage agent'))",
                "Sentry.captureException(new RangeError('no agent'))");

        assertThat(captured).as("one issue each: different types").containsOnlyKeys("TypeError: garbage agent", "RangeError: no agent");
        for (IssueSummary issue : captured.values()) {
            Event event = latest(issue);
            assertThat(event.contexts()).as("nothing guessed for %s", issue.title())
                    .doesNotContainKeys("browser", "os", "device");
            assertThat(topFacetValues(issue)).doesNotContainKeys("browser", "os", "device");
        }
        assertThat(latest(captured.get("TypeError: garbage agent")).request().headers())
                .as("the header itself is kept as sent, shown as text").containsEntry("User-Agent", "%%<b>not a browser</b>;;");
    }
}
