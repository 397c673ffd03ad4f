package io.flytrap.dashboard.deadletters;

import io.flytrap.testsupport.QueuedEvents;
import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import io.flytrap.core.ingest.IngestRequest;
import io.flytrap.core.ingest.IngestResult;
import io.flytrap.core.ingest.IngestService;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.DeadLetter;
import io.flytrap.core.queue.QueueProperties;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.User;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import io.flytrap.functions.process.QueueWorker;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.MutableClockConfiguration;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #23's done-when: a poison event (one the database refuses, through a constraint the test adds and later drops,
 * as PoisonEventIsolationTests does) fails five times and becomes a dead letter; administrators see it in the API and
 * on the page, the cause is fixed, it is replayed and stored exactly once. No workers run: the test drains the queue
 * and moves the clock past each backoff itself.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.enabled=false")
@Import(MutableClockConfiguration.class)
@UsesTestDatabase
class DeadLettersTests extends SpringBrowserlessTest {

    static final String FAULT = "dead_letter_fault_for_tests";

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    ProjectService projects;
    @Autowired
    IngestService ingest;
    @Autowired
    QueueWorker worker;
    @Autowired
    QueueProperties queue;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    JsonMapper json;

    final HttpClient http = HttpClient.newHttpClient();
    User admin;
    String adminToken;
    String memberToken;
    CreatedProject project;

    @BeforeEach
    void poisonedProject() {
        QueuedEvents.deleteAll(jdbc);
        admin = users.create(TestAccounts.email("dead-letter-admin"), TestAccounts.PASSWORD, Role.ADMIN);
        adminToken = tokens.issue(admin.id(), "operator").token();
        User member = users.create(TestAccounts.email("dead-letter-member"), TestAccounts.PASSWORD, Role.MEMBER);
        memberToken = tokens.issue(member.id(), "member").token();
        project = projects.create(member.asCaller(), "Checkout", "node");
        jdbc.sql("alter table events add constraint " + FAULT + " check (release is distinct from 'poisoned@1') not valid")
                .update();
    }

    @AfterEach
    void fixTheCauseAndSignOut() {
        jdbc.sql("alter table events drop constraint if exists " + FAULT).update();
        SecurityContextHolder.clearContext();
    }

    /** An event the database refuses while the fault is in place; its message carries a secret and a marker. */
    private UUID ingestPoison(String marker) {
        return ingest(UUID.randomUUID(), marker);
    }

    private UUID ingest(UUID eventId, String marker) {
        String body = """
                {"data": {"error": {"name": "TypeError", "message": "%s password=hunter2"}, "release": "poisoned@1",
                          "event_id": "%s", "project_id": %d}}""".formatted(marker, eventId, project.project().id());
        IngestResult result = ingest.ingest(new IngestRequest(project.key().publicKey(), NativePayloadParser.ERROR_PROTOCOL,
                null, null, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), Map.of(), null));
        assertThat(result).isInstanceOf(IngestResult.Accepted.class);
        return eventId;
    }

    private void drainEveryAttempt() {
        for (int attempt = 1; attempt <= queue.maxAttempts(); attempt++) {
            worker.drainOnce();
            clock.advance(queue.maxRetryBackoff());
        }
    }

    private long stored(UUID eventId) {
        return jdbc.sql("select count(*) from events where event_id = ?").param(eventId).query(Long.class).single();
    }

    private HttpResponse<String> send(String method, String path, String bearer, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json").header("Authorization", "Bearer " + bearer).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String deadLetterState() {
        return String.join(",", jdbc.sql("select state || ':' || attempts from queued_events order by id")
                .query(String.class).list());
    }

    @Test
    void shouldShowAPoisonEventAsADeadLetterAndStoreItExactlyOnceWhenReplayedAfterTheFix() throws Exception {
        UUID byApi = ingestPoison("FIRST-MARKER");
        UUID byPage = ingestPoison("SECOND-MARKER");
        drainEveryAttempt();
        assertThat(stored(byApi) + stored(byPage)).as("refused every time").isZero();

        HttpResponse<String> listed = send("GET", "/api/v1/dead-letters", adminToken, null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode page = json.readTree(listed.body());
        assertThat(page.get("total").longValue()).isEqualTo(2);
        JsonNode letter = page.get("items").get(0);
        assertThat(letter.get("project").get("name").asString()).isEqualTo("Checkout");
        assertThat(letter.get("attempts").intValue()).isEqualTo(queue.maxAttempts());
        assertThat(letter.get("lastError").asString()).contains(FAULT);
        assertThat(letter.has("firstFailure") && letter.has("lastFailure") && letter.has("receivedAt")).isTrue();
        assertThat(listed.body()).as("the error describes the failure, never the event")
                .doesNotContain("MARKER").doesNotContain("hunter2");
        assertThat(send("GET", "/api/v1/dead-letters", memberToken, null).statusCode()).isEqualTo(403);

        signInAsAdministrator();
        navigate("dead-letters", DeadLettersView.class);
        @SuppressWarnings("unchecked")
        Grid<DeadLetter> grid = $(Grid.class).withId("dead-letters").single();
        assertThat(test(grid).size()).isEqualTo(2);
        assertThat(test(grid).getCellText(0, 1)).as("the last error, as text").contains(FAULT);

        jdbc.sql("alter table events drop constraint " + FAULT).update(); // the cause, fixed

        long apiId = queueId(byApi);
        HttpResponse<String> replayed = send("POST", "/api/v1/dead-letters/replay", adminToken, "{\"ids\": [" + apiId + "]}");
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(json.readTree(replayed.body()).get("replayed").intValue()).isEqualTo(1);
        assertThat(send("POST", "/api/v1/dead-letters/replay", adminToken, "{\"ids\": [" + apiId + "]}").statusCode())
                .as("replayed already: no second copy queued").isEqualTo(404);
        int pageRow = test(grid).getRow(0).id().equals(Long.toString(queueId(byPage))) ? 0 : 1;
        test((Button) test(grid).getCellComponent(pageRow, 6).getChildren().findFirst().orElseThrow()).click();
        assertThat(test(grid).size()).isZero();
        ingest(byApi, "FIRST-MARKER"); // the client retried the same event meanwhile: it races the replay

        worker.drainOnce();
        worker.drainOnce();

        assertThat(stored(byApi)).as("stored exactly once").isEqualTo(1);
        assertThat(stored(byPage)).as("stored exactly once").isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from queued_events").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select sum(event_count) from issues where project_id = ?").param(project.project().id())
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void shouldRefuseBadRequestsAndChangeNothing() throws Exception {
        ingestPoison("THIRD-MARKER");
        drainEveryAttempt();
        long id = jdbc.sql("select id from queued_events").query(Long.class).single();
        String before = deadLetterState();

        assertThat(send("POST", "/api/v1/dead-letters/replay", memberToken, "{\"ids\": [" + id + "]}").statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/api/v1/dead-letters/" + id, memberToken, null).statusCode()).isEqualTo(403);
        for (String body : new String[]{"{}", "{\"ids\": []}", "{\"all\": true, \"ids\": [" + id + "]}", "{\"all\": false}",
                "{\"ids\": [\"x\"]}", "not json", "{\"ids\": [" + id + ", null]}"}) {
            HttpResponse<String> refused = send("POST", "/api/v1/dead-letters/replay", adminToken, body);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(json.readTree(refused.body()).has("error")).as(body).isTrue();
        }
        HttpResponse<String> unknown = send("POST", "/api/v1/dead-letters/replay", adminToken, "{\"ids\": [" + id + ", " + (id + 999) + "]}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknown.body()).get("error").asString()).contains(Long.toString(id + 999));
        assertThat(send("DELETE", "/api/v1/dead-letters/" + (id + 999), adminToken, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/dead-letters?limit=0", adminToken, null).statusCode()).isEqualTo(400);

        assertThat(deadLetterState()).as("nothing refused changed anything").isEqualTo(before);

        assertThat(send("DELETE", "/api/v1/dead-letters/" + id, adminToken, null).statusCode()).isEqualTo(204);
        assertThat(deadLetterState()).isEmpty();
    }

    @Test
    void shouldReplayTheSelectedAndDeleteAfterConfirmingOnThePage() {
        UUID first = ingestPoison("A-MARKER");
        UUID second = ingestPoison("B-MARKER");
        UUID deleted = ingestPoison("C-MARKER");
        drainEveryAttempt();
        signInAsAdministrator();
        navigate("dead-letters", DeadLettersView.class);
        @SuppressWarnings("unchecked")
        Grid<DeadLetter> grid = $(Grid.class).withId("dead-letters").single();
        assertThat(test(grid).size()).isEqualTo(3);

        for (int row = 0; row < 3; row++) {
            if (!test(grid).getRow(row).id().equals(Long.toString(queueId(deleted)))) {
                test(grid).select(row);
            }
        }
        test($(Button.class).withId("replay-selected").single()).click();

        assertThat(deadLetterState()).as("the two selected replayed, the other still dead")
                .isEqualTo("pending:0,pending:0,dead:" + queue.maxAttempts());
        assertThat(test(grid).size()).isEqualTo(1);
        test((Button) test(grid).getCellComponent(0, 6).getChildren().skip(1).findFirst().orElseThrow()).click();
        assertThat(deadLetterState()).as("nothing deleted before it is confirmed").endsWith("dead:" + queue.maxAttempts());
        test($(ConfirmDialog.class).single()).confirm();

        assertThat(test(grid).size()).isZero();
        assertThat(deadLetterState()).isEqualTo("pending:0,pending:0");
        jdbc.sql("alter table events drop constraint " + FAULT).update();
        worker.drainOnce();
        assertThat(stored(first) + stored(second) + stored(deleted)).isEqualTo(2);
    }

    private long queueId(UUID eventId) {
        return jdbc.sql("select id from queued_events where event_id = ?").param(eventId).query(Long.class).single();
    }

    private void signInAsAdministrator() {
        FlytrapPrincipal principal = new FlytrapPrincipal(admin, null);
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
    }
}
