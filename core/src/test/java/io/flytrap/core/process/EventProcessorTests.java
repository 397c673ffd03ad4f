package io.flytrap.core.process;

import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.EventQueries;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.queue.QueuedEvent;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class EventProcessorTests {

    @Autowired
    EventProcessor processor;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    IssueQueries issues;
    @Autowired
    EventQueries events;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MutableClock clock;

    Caller owner;
    long projectId;

    @BeforeEach
    void createProject() {
        owner = TestAccounts.member(users, "owner");
        projectId = projects.create(owner, "Shop", "javascript").project().id();
    }

    private BatchItem error(String type, String function, String message) {
        String body = """
                {"data": {"error": {"name": "%s", "message": "%s", "stack": "%s: %s\\n    at %s (https://shop.example/app.js:10:5)"},
                          "handled": false, "project_id": %d, "browser": "Chrome 140"}}"""
                .formatted(type, message, type, message, function, projectId);
        return item(body.getBytes(StandardCharsets.UTF_8));
    }

    private BatchItem item(byte[] body) {
        UUID eventId = UUID.randomUUID();
        return new BatchItem(eventId.toString(), new QueuedEvent(projectId, eventId, NativePayloadParser.ERROR_PROTOCOL,
                body, Map.of(), clock.instant()));
    }

    private long storedEvents() {
        return jdbc.sql("select count(*) from events where project_id = ?").param(projectId).query(Long.class).single();
    }

    @Test
    void shouldStoreNineAndFailOnlyThePoisonEventOfABatchOfTen() {
        List<BatchItem> batch = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            batch.add(error("TypeError", "render", "x" + i + " is undefined"));
        }
        BatchItem poison = item("{\"data\": \"this is not what ingest accepts\"}".getBytes(StandardCharsets.UTF_8));
        batch.add(4, poison);

        BatchOutcome outcome = processor.process(batch);

        assertThat(outcome.failed()).containsOnlyKeys(poison.messageId());
        assertThat(outcome.done()).hasSize(9).doesNotContain(poison.messageId());
        assertThat(storedEvents()).isEqualTo(9);
        List<IssueSummary> list = issues.search(owner, projectId, IssueFilter.all(), 0, 50);
        assertThat(list).singleElement().satisfies(issue -> {
            assertThat(issue.eventCount()).isEqualTo(9);
            assertThat(issue.title()).startsWith("TypeError: x");
            assertThat(issue.culprit()).isEqualTo("render in app.js");
            assertThat(issue.unhandled()).isTrue();
        });
    }

    @Test
    void shouldStoreARedeliveredEventOnceAndNotCountItTwice() {
        BatchItem event = error("RangeError", "paginate", "bad page");

        processor.process(List.of(event));
        BatchOutcome redelivery = processor.process(List.of(event, event));

        assertThat(redelivery.done()).contains(event.messageId());
        assertThat(redelivery.failed()).isEmpty();
        assertThat(storedEvents()).isEqualTo(1);
        assertThat(issues.search(owner, projectId, IssueFilter.all(), 0, 50)).singleElement()
                .extracting(IssueSummary::eventCount).isEqualTo(1L);
    }

    @Test
    void shouldGroupByTypeAndThrowingFunctionAndKeepFirstAndLastSeen() {
        processor.process(List.of(error("TypeError", "render", "a"), error("TypeError", "save", "b")));
        clock.advance(Duration.ofMinutes(5));
        processor.process(List.of(error("TypeError", "render", "c")));

        List<IssueSummary> list = issues.search(owner, projectId, IssueFilter.all(), 0, 50);
        assertThat(list).hasSize(2);
        IssueSummary render = list.getFirst();
        assertThat(render.culprit()).as("most recently seen first").startsWith("render");
        assertThat(render.eventCount()).isEqualTo(2);
        assertThat(Duration.between(render.firstSeen(), render.lastSeen())).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void shouldExposeTheNormalisedLatestEvent() {
        processor.process(List.of(error("TypeError", "render", "first")));
        clock.advance(Duration.ofSeconds(1));
        processor.process(List.of(error("TypeError", "render", "second")));
        long issueId = issues.search(owner, projectId, IssueFilter.all(), 0, 1).getFirst().id();

        var latest = events.event(owner, issueId, null).orElseThrow().event();

        assertThat(latest.primaryException().message()).isEqualTo("second");
        assertThat(latest.primaryException().frames()).singleElement()
                .satisfies(frame -> assertThat(frame.function()).isEqualTo("render"));
        assertThat(latest.client().browser()).isEqualTo("Chrome 140");
        // stored lean (EventPayloadJson): no member is null, no list or map empty
        assertThat(events.storedJson(owner, issueId, latest.eventId()).orElseThrow())
                .doesNotContain(": null").doesNotContain(": []").doesNotContain(": {}");
    }

    @Test
    void shouldCountUsersByAHashOfTheirAddressPreferringTheOneTheSdkSent() {
        UUID observedOnly = UUID.randomUUID();
        UUID sentBySdk = UUID.randomUUID();
        String withoutIp = """
                {"data": {"error": {"name": "Error"}, "project_id": %d}}""".formatted(projectId);
        String withIp = """
                {"data": {"error": {"name": "Error"}, "project_id": %d, "ip": "198.51.100.7"}}""".formatted(projectId);
        processor.process(List.of(
                new BatchItem("a", new QueuedEvent(projectId, observedOnly, NativePayloadParser.ERROR_PROTOCOL,
                        withoutIp.getBytes(StandardCharsets.UTF_8), Map.of(QueuedEvent.CLIENT_IP, "203.0.113.1"), clock.instant())),
                new BatchItem("b", new QueuedEvent(projectId, sentBySdk, NativePayloadParser.ERROR_PROTOCOL,
                        withIp.getBytes(StandardCharsets.UTF_8), Map.of(QueuedEvent.CLIENT_IP, "203.0.113.1"), clock.instant()))));

        assertThat(userKey(observedOnly)).isEqualTo(io.flytrap.core.crypto.Digests.sha256Hex("ip:203.0.113.1"));
        assertThat(userKey(sentBySdk)).isEqualTo(io.flytrap.core.crypto.Digests.sha256Hex("ip:198.51.100.7"));
        assertThat(issues.search(owner, projectId, IssueFilter.all(), 0, 10)).singleElement()
                .extracting(IssueSummary::userCount).as("two distinct users").isEqualTo(2L);
    }

    private String userKey(UUID eventId) {
        return jdbc.sql("select user_key from events where event_id = ?").param(eventId).query(String.class).single();
    }

    @Test
    void shouldCountEachAffectedUserOnceAcrossBatchesPreferringTheirId() {
        String template = """
                {"data": {"error": {"name": "Error"}, "project_id": %d, "user": %s, "ip": "198.51.100.%d"}}""";
        List<BatchItem> first = List.of(
                item(template.formatted(projectId, "{\"id\": \"u1\", \"email\": \"a@example.com\"}", 1).getBytes(StandardCharsets.UTF_8)),
                item(template.formatted(projectId, "{\"id\": \"u1\"}", 2).getBytes(StandardCharsets.UTF_8)),
                item(template.formatted(projectId, "{\"email\": \"B@Example.com\"}", 3).getBytes(StandardCharsets.UTF_8)));
        List<BatchItem> second = List.of(
                item(template.formatted(projectId, "{\"email\": \"b@example.com\"}", 4).getBytes(StandardCharsets.UTF_8)),
                item(template.formatted(projectId, "null", 5).getBytes(StandardCharsets.UTF_8)));

        processor.process(first);
        processor.process(second);

        assertThat(issues.search(owner, projectId, IssueFilter.all(), 0, 10)).singleElement().satisfies(issue -> {
            assertThat(issue.eventCount()).isEqualTo(5);
            assertThat(issue.userCount()).as("u1, b@example.com and the address 198.51.100.5").isEqualTo(3);
        });
    }

    @Test
    void shouldNeverStoreSecretsTheSdkLeftIn() {
        String sentryEvent = """
                {"message": "login failed for password=hunter2",
                 "request": {"headers": {"Authorization": "Bearer abcdefghijklmnopqrstuvwxyz"}},
                 "contexts": {"db": {"password": "hunter2"}}}""";
        BatchItem item = new BatchItem("s", new QueuedEvent(projectId, UUID.randomUUID(),
                io.flytrap.core.protocol.SentryEventParser.PROTOCOL, sentryEvent.getBytes(StandardCharsets.UTF_8), Map.of(),
                clock.instant()));

        processor.process(List.of(item));

        String stored = jdbc.sql("select payload::text from events where project_id = ?").param(projectId).query(String.class).single();
        String title = jdbc.sql("select title from issues where project_id = ?").param(projectId).query(String.class).single();
        assertThat(stored).doesNotContain("abcdefghijklmnop").doesNotContain("hunter2").contains("[Filtered]");
        assertThat(stored).contains("request.headers.Authorization");
        assertThat(title).doesNotContain("hunter2");
    }

    @Test
    void shouldStoreBrowserOsAndDeviceReadFromTheUserAgentAsFacetsWhenTheSdkSentNone() {
        // Safari on an iPhone, as that browser sends it; Sentry's browser SDK puts it in request.headers
        String sentryEvent = """
                {"message": "checkout failed", "request": {"url": "https://shop.example/cart", "headers": {"User-Agent":
                 "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"}}}""";
        processor.process(List.of(new BatchItem("ua", new QueuedEvent(projectId, UUID.randomUUID(),
                io.flytrap.core.protocol.SentryEventParser.PROTOCOL, sentryEvent.getBytes(StandardCharsets.UTF_8), Map.of(),
                clock.instant()))));

        IssueSummary issue = issues.search(owner, projectId, IssueFilter.all(), 0, 10).getFirst();
        var stored = events.event(owner, issue.id(), null).orElseThrow().event();
        assertThat(stored.contexts()).containsKeys("browser", "os", "device");
        assertThat(events.facets(owner, issue.id()))
                .filteredOn(facet -> List.of("browser", "os", "device").contains(facet.name()))
                .extracting(facet -> facet.name() + "=" + facet.values().getFirst().value())
                .containsExactly("browser=Mobile Safari 17.4", "os=iOS 17.4", "device=iPhone");
    }

    @Test
    void shouldKeepSendingEventsToAnIssueThatAnEarlierGroupingVersionCreated() throws Exception {
        BatchItem first = error("TypeError", "render", "first");
        processor.process(List.of(first));
        // Make the stored issue look as if grouping version 1 had created it
        var grouping = io.flytrap.core.grouping.Fingerprinter.group(new io.flytrap.core.protocol.NativePayloadParser()
                .parse(NativePayloadParser.ERROR_PROTOCOL, first.event().payload(), UUID.randomUUID(), clock.instant()));
        jdbc.sql("update issues set grouping_version = 1, fingerprint = ? where project_id = ?")
                .params(grouping.previous().getLast().fingerprint(), projectId).update();

        processor.process(List.of(error("TypeError", "render", "second")));

        assertThat(issues.search(owner, projectId, IssueFilter.all(), 0, 10)).as("no split into a version 3 issue").singleElement()
                .extracting(IssueSummary::eventCount).isEqualTo(2L);
    }

    @Test
    void shouldRejectAMessageWhosePayloadNamesAnotherProject() {
        String body = """
                {"data": {"error": {"name": "Error"}, "project_id": %d}}""".formatted(projectId + 1000);
        BatchItem forged = item(body.getBytes(StandardCharsets.UTF_8));

        BatchOutcome outcome = processor.process(List.of(forged));

        assertThat(outcome.failed()).containsOnlyKeys(forged.messageId());
        assertThat(storedEvents()).isZero();
    }

    @Test
    void shouldDropEventsOfADeletedProjectWithoutFailing() {
        BatchItem event = error("Error", "f", "m");
        jdbc.sql("delete from projects where id = ?").param(projectId).update();

        BatchOutcome outcome = processor.process(List.of(event));

        assertThat(outcome.done()).containsExactly(event.messageId());
        assertThat(storedEvents()).isZero();
    }
}
