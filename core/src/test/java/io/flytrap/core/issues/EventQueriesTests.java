package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;

import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;

import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.TestEvents;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Browsing an issue's events newest first, and the tag distributions on the issue page. */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class EventQueriesTests {

    @Autowired
    EventProcessor processor;
    @Autowired
    EventQueries events;
    @Autowired
    IssueQueries issues;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    MutableClock clock;

    Caller owner;
    long projectId;
    final List<UUID> sent = new ArrayList<>();

    @BeforeEach
    void project() {
        owner = TestAccounts.member(users, "events");
        projectId = projects.create(owner, "Events", null).project().id();
        sent.clear();
    }

    private void send(String browser, String release, String plan) {
        UUID eventId = UUID.randomUUID();
        String body = """
                {"data": {"event_id": "%s", "error": {"name": "Error", "message": "same"}, "project_id": %d,
                          "browser": "%s", "release": "%s", "tags": {"plan": "%s"}, "user": {"email": "%s@example.com"}}}"""
                .formatted(eventId, projectId, browser, release, plan, plan);
        TestEvents.process(processor, projectId, eventId, body, clock.instant());
        sent.add(eventId);
        clock.advance(Duration.ofSeconds(1));
    }

    private long issueId() {
        return issues.search(owner, projectId, IssueFilter.all(), 0, 1).getFirst().id();
    }

    @Test
    void shouldWalkFromTheNewestEventToTheOldestAndBack() {
        send("Firefox 140", "1.0", "free");
        send("Chrome 141", "1.1", "pro");
        send("Chrome 141", "1.1", "pro");
        long issueId = issueId();

        EventQueries.EventPage newest = events.event(owner, issueId, null).orElseThrow();
        assertThat(newest.event().eventId()).isEqualTo(sent.get(2));
        assertThat(newest.newer()).isNull();
        assertThat(newest.older()).isEqualTo(sent.get(1));
        assertThat(newest.total()).isEqualTo(3);
        assertThat(newest.newerCount()).isZero();

        EventQueries.EventPage oldest = events.event(owner, issueId, sent.get(0)).orElseThrow();
        assertThat(oldest.older()).isNull();
        assertThat(oldest.newer()).isEqualTo(sent.get(1));
        assertThat(oldest.newerCount()).isEqualTo(2);
        assertThat(events.event(owner, issueId, UUID.randomUUID())).as("an id that is not this issue's").isEmpty();
    }

    @Test
    void shouldCountTagAndContextValuesOverTheNewestEvents() {
        send("Firefox 140", "1.0", "free");
        send("Chrome 141", "1.1", "pro");
        send("Chrome 141", "1.1", "<img src=x onerror=alert(1)>");

        List<EventQueries.Facet> facets = events.facets(owner, issueId());

        assertThat(facets).extracting(EventQueries.Facet::name).startsWith("browser", "release", "user").contains("plan");
        EventQueries.Facet browser = facets.getFirst();
        assertThat(browser.sampled()).isEqualTo(3);
        assertThat(browser.values()).extracting(EventQueries.FacetValue::value, EventQueries.FacetValue::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Chrome 141", 2L), org.assertj.core.groups.Tuple.tuple("Firefox 140", 1L));
        assertThat(facets.stream().filter(f -> f.name().equals("plan")).findFirst().orElseThrow().values())
                .extracting(EventQueries.FacetValue::value).as("event data kept verbatim; the view shows it as text")
                .contains("<img src=x onerror=alert(1)>");
    }

    @Test
    void shouldSummariseAtMostTheTopValuesAndSumTheRest() {
        for (int i = 0; i < 8; i++) {
            send("Browser " + i, "1.0", "plan-" + i);
        }
        EventQueries.Facet browser = events.facets(owner, issueId()).getFirst();
        assertThat(browser.values()).hasSize(EventQueries.VALUES_PER_FACET);
        assertThat(browser.otherCount()).isEqualTo(8 - EventQueries.VALUES_PER_FACET);
    }

    @Test
    void shouldHideEventsAndFacetsFromOtherMembers() {
        send("Firefox 140", "1.0", "free");
        long issueId = issueId();
        Caller stranger = TestAccounts.member(users, "events-stranger");

        assertThatThrownBy(() -> events.event(stranger, issueId, null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> events.event(stranger, issueId, sent.getFirst())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> events.facets(stranger, issueId)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void shouldListAnIssuesEventsAPageAtATimeFilteredByTag() {
        for (int i = 0; i < 5; i++) {
            send("Chrome 141", "1." + i, i % 2 == 0 ? "pro" : "free");
        }
        long issueId = issueId();

        EventQueries.EventList first = events.list(owner, issueId, null, null, null, 2);
        assertThat(first.events()).extracting(e -> e.eventId()).containsExactly(sent.get(4), sent.get(3));
        send("Chrome 141", "2.0", "pro"); // a new event does not shift the pages already handed out
        EventQueries.EventList second = events.list(owner, issueId, null, null, first.next(), 2);
        assertThat(second.events()).extracting(e -> e.eventId()).containsExactly(sent.get(2), sent.get(1));
        EventQueries.EventList last = events.list(owner, issueId, null, null, second.next(), 2);
        assertThat(last.events()).extracting(e -> e.eventId()).containsExactly(sent.get(0));
        assertThat(last.next()).as("the end").isNull();

        assertThat(events.list(owner, issueId, "plan", "free", null, 10).events()).extracting(e -> e.eventId())
                .containsExactly(sent.get(3), sent.get(1));
        assertThat(events.list(owner, issueId, "plan", "enterprise", null, 10).events()).isEmpty();
    }

    @Test
    void shouldRefuseBadPagesAndStrangers() {
        send("Chrome 141", "1.0", "pro");
        long issueId = issueId();

        assertThatThrownBy(() -> events.list(owner, issueId, null, null, "not-a-cursor", 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> events.list(owner, issueId, null, null, null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> events.list(owner, issueId, "x".repeat(201), "v", null, 10))
                .isInstanceOf(IllegalArgumentException.class);
        Caller stranger = TestAccounts.member(users, "events-stranger");
        assertThatThrownBy(() -> events.list(stranger, issueId, null, null, null, 10)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> events.storedJson(stranger, issueId, sent.getFirst())).isInstanceOf(NotFoundException.class);
        assertThat(events.storedJson(owner, issueId, sent.getFirst())).hasValueSatisfying(json ->
                assertThat(json).contains(sent.getFirst().toString()).contains("\"plan\": \"pro\""));
        assertThat(events.storedJson(owner, issueId, UUID.randomUUID())).isEmpty();
    }
}
