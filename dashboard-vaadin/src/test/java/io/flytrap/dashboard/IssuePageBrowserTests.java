package io.flytrap.dashboard;

import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.EventQueries;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueStatusService;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.projects.ProjectSettings;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.UsesTestDatabase;
import io.sentry.Breadcrumb;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import io.sentry.SentryLevel;
import io.sentry.protocol.Device;
import io.sentry.protocol.Message;
import io.sentry.protocol.OperatingSystem;
import io.sentry.protocol.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * #22 items 2–4 in headless Chromium, with events sent by the official Sentry Java SDK (io.sentry:sentry) through
 * the envelope endpoint and the queue worker, as in production: the issue page shows the event's contexts, request,
 * raw JSON, breadcrumbs as a table, an events tab and the in-app/full stack toggle; it updates live; it dates
 * issues by the events' own time; the JSON download is an attachment for members only; and a project that removes
 * client addresses keeps none in X-Forwarded-For either.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.poll-interval=200ms")
@UsesTestDatabase
class IssuePageBrowserTests {

    static final String CLIENT_ADDRESS = "203.0.113.9";
    static final String LONG_TAG = "checkout.payment.provider.fallback.region.identifier.for.the.retry.policy";

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;
    @Autowired
    IssueQueries issues;
    @Autowired
    EventQueries events;
    @Autowired
    IssueStatusService statuses;

    BrowserSupport browser;
    String email;
    final String password = "a long test password";
    Caller owner;
    CreatedProject project;

    @BeforeEach
    void projectSdkAndBrowser() {
        email = "issue-page-" + UUID.randomUUID() + "@example.com";
        owner = users.create(email, password, Role.MEMBER).asCaller();
        project = projects.create(owner, "Shop API", "java");
        projects.updateSettings(owner, project.project().id(), new ProjectSettings(true, true, 90));
        Sentry.init(options -> {
            options.setDsn("http://" + project.key().publicKey() + "@127.0.0.1:" + port + "/" + project.project().id());
            options.setRelease("shop@3.1.0");
            options.setEnvironment("production");
            options.addInAppInclude("io.flytrap");
            options.setSendDefaultPii(true); // so the SDK itself keeps the request's headers and cookies
            options.setFlushTimeoutMillis(5_000);
        });
        browser = new BrowserSupport(port);
    }

    @AfterEach
    void close() {
        Sentry.close();
        if (browser != null) {
            browser.close();
        }
    }

    /** App code failing inside the JDK: in-app frames on top of java.lang's library frames. */
    static int parseQuantity(String text) {
        return Integer.parseInt(text);
    }

    private void sendCartError(String plan) {
        Sentry.withScope(scope -> {
            Request request = new Request();
            request.setMethod("POST");
            request.setUrl("https://shop.example/cart/add");
            request.setQueryString("item=42&ref=mail%20campaign");
            request.setHeaders(Map.of("Accept", "application/json", "X-Forwarded-For", CLIENT_ADDRESS + ", 10.0.0.2",
                    "x-real-ip", CLIENT_ADDRESS, "CF-Connecting-IP", CLIENT_ADDRESS));
            request.setCookies("connect.sid=s%3Asession-secret; theme=dark");
            request.setData(Map.of("sku", "A-42", "quantity", "two"));
            scope.setRequest(request);
            scope.setContexts("app", Map.of("app_name", "Shop", "app_version", "3.1.0"));
            // the core Java SDK leaves os and device to the app (Android fills them): what a server app would set
            OperatingSystem os = new OperatingSystem();
            os.setName(System.getProperty("os.name"));
            os.setVersion(System.getProperty("os.version"));
            scope.getContexts().setOperatingSystem(os);
            Device device = new Device();
            device.setArchs(new String[]{System.getProperty("os.arch")});
            device.setProcessorCount(Runtime.getRuntime().availableProcessors());
            scope.getContexts().setDevice(device);
            scope.setTag("plan", plan);
            scope.setTag(LONG_TAG, "eu-west-1");
            Breadcrumb navigation = new Breadcrumb();
            navigation.setType("navigation");
            navigation.setCategory("navigation");
            navigation.setLevel(SentryLevel.INFO);
            navigation.setData("from", "/products");
            navigation.setData("to", "/cart");
            scope.addBreadcrumb(navigation);
            try {
                parseQuantity("two");
            } catch (NumberFormatException failed) {
                Sentry.captureException(failed);
            }
        });
        Sentry.flush(5_000);
    }

    private IssueSummary awaitIssue(String titlePart, long events) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> issues.search(owner, project.project().id(),
                        IssueFilter.all(), 0, 10).stream().filter(i -> i.title().contains(titlePart)).findFirst().orElse(null),
                issue -> issue != null && issue.eventCount() == events);
    }

    private String text(String id) {
        return browser.driver.findElement(By.id(id)).getText();
    }

    private void openIssue(long issueId) {
        browser.driver.get(browser.url("/issues/" + issueId));
        browser.wait.until(d -> d.findElements(By.id("issue-title")).size() == 1 && d.findElements(By.id("frames")).size() == 1);
    }

    @Test
    void shouldShowEverythingTheSdkSentAndNoClientAddress() throws Exception {
        sendCartError("pro");
        sendCartError("free");
        IssueSummary issue = awaitIssue("NumberFormatException", 2);
        browser.signIn(email, password);
        openIssue(issue.id());

        assertThat(text("event-contexts")).contains("app_name").contains("Shop").contains(System.getProperty("os.name"))
                .contains(System.getProperty("os.arch")).contains(System.getProperty("java.specification.version"));
        for (String context : List.of("os", "runtime", "device", "app")) {
            assertThat(browser.driver.findElements(By.id("context-" + context))).as(context).hasSize(1);
        }
        assertThat(text("request-line")).isEqualTo("POST https://shop.example/cart/add");
        assertThat(text("request-query")).contains("ref").contains("mail campaign");
        assertThat(text("request-headers")).contains("Accept").contains("application/json")
                .doesNotContainIgnoringCase("forwarded").doesNotContainIgnoringCase("real-ip").doesNotContain("CF-Connecting-IP");
        assertThat(text("request-cookies")).contains("connect.sid").contains("theme").contains("[Filtered]")
                .doesNotContain("session-secret");
        assertThat(text("request-body")).contains("A-42");
        assertThat(browser.bodyText()).as("the project removes client addresses: none anywhere").doesNotContain(CLIENT_ADDRESS);

        // breadcrumb data as name/value rows, not {to=/cart, from=/products}
        List<String> crumbData = browser.driver.findElements(By.cssSelector("#breadcrumbs tr.breadcrumb .key-values tr"))
                .stream().map(WebElement::getText).toList();
        assertThat(crumbData).contains("from /products", "to /cart");
        assertThat(text("breadcrumbs")).contains("navigation").contains("info").doesNotContain("{");

        // as in Sentry, only the app's own frames show while there are any; the JDK's behind "Full stack"
        WebElement appFrame = browser.driver.findElement(By.cssSelector("#frames .frame.in-app"));
        assertThat(appFrame.getText()).contains("parseQuantity");
        assertThat(text("frames")).as("Integer.parseInt's frames are hidden").doesNotContain("java.lang.Integer");
        assertThat(browser.driver.findElement(By.id("full-stack")).getAttribute("checked")).isNull();
        browser.click(By.cssSelector("#full-stack input"));
        browser.wait.until(d -> text("frames").contains("java.lang.Integer"));
        assertThat(text("frames")).contains("java.lang.Integer");

        // long tag keys and paths wrap: nothing is wider than the window
        assertThat(text("event-metadata")).contains(LONG_TAG);
        assertThat(browser.js("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
        browser.screenshot("issue-page-event");

        // the raw event, as stored (already scrubbed)
        UUID newest = events.event(owner, issue.id(), null).orElseThrow().event().eventId();
        browser.click(By.cssSelector("#event-json-details vaadin-details-summary"));
        browser.wait.until(d -> text("event-json").contains(newest.toString()));
        assertThat(text("event-json")).contains("A-42").doesNotContain(CLIENT_ADDRESS).doesNotContain("session-secret");
        assertThat(browser.driver.findElement(By.id("download-event-json")).getAttribute("href"))
                .endsWith("/issues/" + issue.id() + "/events/" + newest + ".json");

        // the events tab: both events, filtered by tag, each row leading to its event
        browser.click(By.id("events-tab"));
        browser.wait.until(d -> d.findElements(By.cssSelector("#event-list tr.issue-event")).size() == 2);
        browser.driver.findElement(By.cssSelector("#event-tag-filter input")).sendKeys("plan:pro"); // the older of the two
        browser.wait.until(d -> d.findElements(By.cssSelector("#event-list tr.issue-event")).size() == 1);
        assertThat(text("event-list")).contains("plan:pro").doesNotContain("plan:free");
        browser.screenshot("issue-page-events-tab");
        browser.click(By.cssSelector("#event-list a.event-link"));
        browser.wait.until(d -> d.getCurrentUrl().contains("?event=") && text("event-position").equals("Event 2 of 2 (newest first)"));
        assertThat(text("event-metadata")).contains("plan").contains("pro").doesNotContain("free");
        assertThat(browser.js("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
    }

    @Test
    void shouldUpdateCountsAndStatusLiveWithoutReload() throws Exception {
        sendCartError("pro");
        IssueSummary issue = awaitIssue("NumberFormatException", 1);
        browser.signIn(email, password);
        openIssue(issue.id());
        browser.js("window.flytrapNoReload = true");
        assertThat(text("issue-events")).isEqualTo("1");

        long sent = System.nanoTime();
        sendCartError("pro");
        browser.wait.until(d -> text("issue-events").equals("2"));
        long millis = (System.nanoTime() - sent) / 1_000_000;
        System.out.println("Issue page live update: SDK capture to count shown in " + millis + " ms");
        assertThat(text("event-position")).as("the event shown stays; its position follows").isEqualTo("Event 2 of 2 (newest first)");

        // another session resolves it; then the next event is a regression, shown as it happens
        statuses.resolve(owner, issue.id(), null);
        browser.wait.until(d -> text("issue-status").startsWith("resolved"));
        sendCartError("pro");
        browser.wait.until(d -> text("issue-status").equals("unresolved") && text("issue-events").equals("3"));
        assertThat(browser.js("return window.flytrapNoReload === true")).as("the page was not reloaded").isEqualTo(true);
    }

    @Test
    void shouldDateIssuesByTheEventsOwnTime() throws Exception {
        SentryEvent late = new SentryEvent(Date.from(Instant.now().minus(Duration.ofDays(3))));
        Message flushed = new Message();
        flushed.setFormatted("queue flushed three days late");
        late.setMessage(flushed);
        Sentry.captureEvent(late);
        SentryEvent ahead = new SentryEvent(Date.from(Instant.now().plus(Duration.ofDays(2))));
        Message fast = new Message();
        fast.setFormatted("clock two days fast");
        ahead.setMessage(fast);
        Sentry.captureEvent(ahead);
        Sentry.flush(5_000);
        IssueSummary lateIssue = awaitIssue("three days late", 1);
        IssueSummary aheadIssue = awaitIssue("two days fast", 1);
        browser.signIn(email, password);

        browser.driver.get(browser.url("/issues/" + lateIssue.id()));
        browser.wait.until(d -> d.findElements(By.id("issue-first-seen")).size() == 1);
        assertThat(text("issue-first-seen")).isEqualTo("3 d ago");
        assertThat(text("issue-last-seen")).isEqualTo("3 d ago");

        browser.driver.get(browser.url("/issues/" + aheadIssue.id()));
        browser.wait.until(d -> d.findElements(By.id("issue-first-seen")).size() == 1);
        assertThat(text("issue-first-seen")).as("a future time is clamped to arrival").isEqualTo("just now");
        Map<String, String> details = browser.driver.findElements(By.cssSelector("#event-metadata tr")).stream()
                .map(WebElement::getText).filter(row -> row.startsWith("Occurred") || row.startsWith("Received"))
                .collect(Collectors.toMap(row -> row.substring(0, 8), row -> row.substring(9)));
        assertThat(details.get("Occurred")).isEqualTo(details.get("Received"));

        browser.driver.get(browser.url("/projects/" + project.project().id() + "/issues?period=24h&status=any"));
        browser.wait.until(d -> d.findElements(By.id("issue-total")).size() == 1);
        browser.wait.until(d -> text("issue-total").equals("1 issue"));
    }

    @Test
    void shouldDownloadTheStoredEventAsAnAttachmentForMembersOnly() throws Exception {
        sendCartError("pro");
        IssueSummary issue = awaitIssue("NumberFormatException", 1);
        UUID eventId = events.event(owner, issue.id(), null).orElseThrow().event().eventId();
        String path = "/issues/" + issue.id() + "/events/" + eventId + ".json";
        browser.signIn(email, password);

        HttpResponse<String> download = get(path, sessionCookie(browser));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(download.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"event-" + eventId + ".json\"");
        assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(download.body()).contains(eventId.toString()).contains("A-42").doesNotContain(CLIENT_ADDRESS)
                .doesNotContain("session-secret");

        var stranger = users.create("stranger-" + UUID.randomUUID() + "@example.com", password, Role.MEMBER);
        try (BrowserSupport other = new BrowserSupport(port)) {
            other.signIn(stranger.email(), password);
            HttpResponse<String> refused = get(path, sessionCookie(other));
            assertThat(refused.statusCode()).as("a non-member learns nothing, not even that it exists").isEqualTo(404);
            assertThat(refused.body()).doesNotContain(eventId.toString()).doesNotContain("A-42");
        }
        HttpResponse<String> anonymous = get(path, null);
        assertThat(anonymous.statusCode()).isNotEqualTo(200);
        assertThat(anonymous.body()).doesNotContain("A-42");
        assertThat(get("/issues/" + issue.id() + "/events/" + UUID.randomUUID() + ".json", sessionCookie(browser))
                .statusCode()).isEqualTo(404);
    }

    private static String sessionCookie(BrowserSupport session) {
        return session.driver.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(browser.url(path))).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
