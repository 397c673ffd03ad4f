package io.flytrap.core.alerts;

import com.icegreen.greenmail.util.GreenMail;
import com.sun.net.httpserver.HttpServer;
import io.flytrap.core.access.Caller;
import io.flytrap.core.alerts.channels.WebhookSender;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.TestMailServer;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.TestEvents;
import io.flytrap.testsupport.UsesTestDatabase;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatcher against real receivers on loopback: GreenMail as the SMTP server and an HTTP server standing in
 * for Slack, Discord and webhook endpoints. Alerts arrive once each, escaped, signed; a mail server that is down
 * for a while delays alerts without losing or repeating them; two dispatchers never send the same alert twice.
 */
@SpringBootTest(classes = CoreTestApplication.class, properties = {"flytrap.alerts.allow-internal-targets=true",
        "flytrap.alerts.retry-backoff=50ms", "flytrap.alerts.send-retry-wait=10ms", "flytrap.alerts.max-attempts=4",
        "flytrap.alerts.circuit-open-wait=200ms", "flytrap.public-url=https://flytrap.example.com/"})
@UsesTestDatabase
class NotificationDispatcherTests {

    static final GreenMail SMTP = TestMailServer.start();

    static final String XSS_TITLE = "<script>alert(1)</script> <img src=x onerror=alert(2)> <!channel> @everyone";

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        TestMailServer.register(registry, SMTP);
        registry.add("spring.mail.properties.mail.smtp.connectiontimeout", () -> "2000");
        registry.add("spring.mail.properties.mail.smtp.timeout", () -> "2000");
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    record Received(String path, Map<String, String> headers, String body) {
    }

    @Autowired
    NotificationDispatcher dispatcher;
    @Autowired
    AlertChannelService channels;
    @Autowired
    NotificationService notifications;
    @Autowired
    EventProcessor processor;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;

    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger answer = new AtomicInteger(200);
    Caller owner;
    long projectId;
    String ownerEmail;

    @BeforeEach
    void start() throws Exception {
        SMTP.purgeEmailFromAllMailboxes();
        jdbc.sql("update notifications set state = 'sent'").update(); // other tests' leftovers are not ours to send
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
            received.add(new Received(exchange.getRequestURI().getPath(), headers,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        receiver.start();
        owner = TestAccounts.member(users, "dispatch");
        ownerEmail = jdbc.sql("select email from users where id = ?").param(owner.userId()).query(String.class).single();
        projectId = projects.create(owner, "Shop <b>", "javascript").project().id();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        if (!SMTP.isRunning()) {
            SMTP.start();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private void newIssue(String title) {
        TestEvents.process(processor, projectId, """
                {"data": {"project_id": %d, "error": {"name": "Error", "message": %s}, "environment": "production",
                          "release": "shop@1.0"}}""".formatted(projectId, tools.jackson.databind.json.JsonMapper.builder().build()
                .writeValueAsString(title)), Instant.now());
    }

    /** The decoded text of the first MIME part of that type. */
    private static String part(jakarta.mail.Part part, String type) throws Exception {
        if (part.isMimeType(type)) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = part(multipart.getBodyPart(i), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private void drain() {
        while (dispatcher.dispatchOnce() > 0) {
            // until nothing is due
        }
    }

    private List<String> states() {
        return jdbc.sql("select state from notifications where project_id = ? order by id").param(projectId).query(String.class).list();
    }

    @Test
    void shouldSendEscapedAlertsByEmailSlackDiscordAndSignedWebhooks() throws Exception {
        channels.create(owner, projectId, "slack", "slack", url("/slack"));
        channels.create(owner, projectId, "discord", "discord", url("/discord"));
        String secret = channels.create(owner, projectId, "webhook", "hook", url("/hook")).secret();

        newIssue(XSS_TITLE);
        drain();

        assertThat(states()).hasSize(4).containsOnly("sent");
        MimeMessage[] mails = SMTP.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo(ownerEmail);
        assertThat(mails[0].getSubject()).startsWith("[Shop <b>] New issue: Error: <script>");
        String mail = part(mails[0], "text/html");
        assertThat(part(mails[0], "text/plain")).contains("Error: " + XSS_TITLE); // plain text needs no escaping
        assertThat(mail).contains("&lt;script&gt;alert(1)&lt;/script&gt;").contains("&lt;img src=x onerror=alert(2)&gt;")
                .doesNotContain("<script>").doesNotContain("<img src=x").contains("https://flytrap.example.com/issues/");

        Received slack = received.stream().filter(r -> r.path().equals("/slack")).findFirst().orElseThrow();
        assertThat(slack.body()).contains("&lt;script&gt;").contains("&lt;!channel&gt;").doesNotContain("<!channel>")
                .doesNotContain("<script>");
        Received discord = received.stream().filter(r -> r.path().equals("/discord")).findFirst().orElseThrow();
        assertThat(discord.body()).contains("\"allowed_mentions\":{\"parse\":[]}").contains("\\\\@everyone");

        Received hook = received.stream().filter(r -> r.path().equals("/hook")).findFirst().orElseThrow();
        String timestamp = hook.headers().get("x-flytrap-timestamp");
        assertThat(hook.headers().get("x-flytrap-signature"))
                .isEqualTo("sha256=" + WebhookSender.sign(secret, timestamp + "." + hook.body()));
        assertThat(hook.headers().get("x-flytrap-signature")).as("another secret would not verify")
                .isNotEqualTo("sha256=" + WebhookSender.sign(secret + "x", timestamp + "." + hook.body()));
        var payload = tools.jackson.databind.json.JsonMapper.builder().build().readTree(hook.body());
        assertThat(payload.path("reason").asString()).isEqualTo("new_issue");
        assertThat(payload.path("issue").path("title").asString()).as("JSON carries the text as it was, escaped by the encoder")
                .isEqualTo("Error: " + XSS_TITLE);
        assertThat(payload.path("issue").path("environment").asString()).isEqualTo("production");
        assertThat(payload.path("issue").path("release").asString()).isEqualTo("shop@1.0");
        assertThat(hook.headers().get("x-flytrap-delivery")).isNotBlank();
        assertThat(received).hasSize(3);
    }

    @Test
    void shouldDeliverEmailAlertsOnceEachAfterTheMailServerComesBack() throws Exception {
        SMTP.stop();
        newIssue("first while down");
        newIssue("second while down");

        dispatcher.dispatchOnce();
        assertThat(states()).containsOnly("pending");
        assertThat(jdbc.sql("select last_error from notifications where project_id = ?").param(projectId).query(String.class).list())
                .as("the first failed; the circuit breaker then held the second back without spending an attempt")
                .anySatisfy(error -> assertThat(error).contains("SMTP"));
        assertThat(SMTP.getReceivedMessages()).isEmpty();

        SMTP.start();
        // Sent once the retry delay (50 ms, doubling) and the circuit breaker's wait (200 ms) have passed: both run on
        // the real clock (the database's now(), Resilience4j's own), so the test polls rather than sleeping for them
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            drain();
            assertThat(states()).containsExactly("sent", "sent");
        });

        assertThat(SMTP.getReceivedMessages()).extracting(MimeMessage::getSubject)
                .containsExactlyInAnyOrder("[Shop <b>] New issue: Error: first while down",
                        "[Shop <b>] New issue: Error: second while down");
        drain();
        assertThat(SMTP.getReceivedMessages()).as("never sent twice").hasSize(2);
    }

    @Test
    void shouldSendEachAlertOnceWhenTwoDispatchersRace() throws Exception {
        jdbc.sql("update alert_channels set enabled = false where project_id = ?").param(projectId).update();
        long channel = channels.create(owner, projectId, "webhook", "hook", url("/race")).channel().id();
        for (int i = 0; i < 60; i++) {
            notifications.sendTest(owner, projectId, channel);
        }

        try (ExecutorService two = Executors.newFixedThreadPool(2)) {
            List<Future<?>> racers = List.of(two.submit(this::drain), two.submit(this::drain));
            for (Future<?> racer : racers) {
                racer.get();
            }
        }

        List<String> deliveries = received.stream().map(r -> r.headers().get("x-flytrap-delivery")).toList();
        assertThat(deliveries).hasSize(60).doesNotHaveDuplicates();
        assertThat(states()).hasSize(60).containsOnly("sent");
    }

    @Test
    void shouldParkAnAlertTheReceiverRefusesAndRetryItOnRequest() {
        jdbc.sql("update alert_channels set enabled = false where project_id = ?").param(projectId).update();
        long channel = channels.create(owner, projectId, "webhook", "hook", url("/refusing")).channel().id();
        answer.set(410);
        notifications.sendTest(owner, projectId, channel);
        drain();

        List<Notification> failed = notifications.list(owner, projectId, "failed");
        assertThat(failed).singleElement().satisfies(n -> {
            assertThat(n.attempts()).as("a 4xx is not retried").isEqualTo(1);
            assertThat(n.lastError()).contains("410");
        });
        assertThat(received).hasSize(1);

        answer.set(204);
        notifications.retry(owner, projectId, failed.getFirst().id());
        drain();
        assertThat(notifications.list(owner, projectId, "failed")).isEmpty();
        assertThat(received).hasSize(2);
    }

    @Test
    void shouldNotSendThroughAChannelSwitchedOffWhileItsAlertsWaited() {
        jdbc.sql("update alert_channels set enabled = false where project_id = ?").param(projectId).update();
        long channel = channels.create(owner, projectId, "webhook", "leaked", url("/leaked")).channel().id();
        notifications.sendTest(owner, projectId, channel);
        channels.update(owner, projectId, channel, null, null, false);
        drain();
        assertThat(received).isEmpty();
        assertThat(states()).containsExactly("pending");
    }

    @Test
    void shouldGiveUpAfterTheLastAttemptWhenTheReceiverKeepsFailing() throws Exception {
        jdbc.sql("update alert_channels set enabled = false where project_id = ?").param(projectId).update();
        long channel = channels.create(owner, projectId, "webhook", "hook", url("/broken")).channel().id();
        answer.set(503);
        notifications.sendTest(owner, projectId, channel);
        // every retry waits its doubling delay on the real clock (the database's now()): poll until the last one failed
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            drain();
            return states().contains("failed");
        });
        assertThat(notifications.list(owner, projectId, "failed")).singleElement()
                .satisfies(n -> assertThat(n.lastError()).contains("503"));
    }
}
