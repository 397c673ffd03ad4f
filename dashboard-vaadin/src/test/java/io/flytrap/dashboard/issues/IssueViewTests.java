package io.flytrap.dashboard.issues;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueMergeService;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.User;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import io.flytrap.testsupport.TestEvents;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import java.time.Clock;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issue page's parts working together without a browser: the resolve-in-release dialog only asks (the page
 * resolves, and shows the service's refusal in the dialog), and the event navigation moves between events.
 */
@SpringBootTest(classes = FlytrapApplication.class)
@UsesTestDatabase
class IssueViewTests extends SpringBrowserlessTest {

    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;
    @Autowired
    EventProcessor processor;
    @Autowired
    IssueQueries issues;
    @Autowired
    Clock clock;
    @Autowired
    IssueMergeService merges;

    User owner;
    long projectId;
    long issueId;

    @BeforeEach
    void oneIssueWithTwoEvents() {
        owner = users.create("issue-view-" + UUID.randomUUID() + "@example.com", "a long test password", Role.MEMBER);
        projectId = projects.create(owner.asCaller(), "Issue page", null).project().id();
        String body = """
                {"data": {"error": {"name": "TypeError", "message": "cart is null"}, "project_id": %d}}""".formatted(projectId);
        TestEvents.process(processor, projectId, body, clock.instant().minusSeconds(60));
        TestEvents.process(processor, projectId, body, clock.instant());
        issueId = issues.search(owner.asCaller(), projectId, IssueFilter.all(), 0, 1).getFirst().id();
        FlytrapPrincipal principal = new FlytrapPrincipal(owner, null);
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
        navigate("issues/" + issueId, IssueView.class);
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private IssueSummary issue() {
        return issues.get(owner.asCaller(), issueId);
    }

    private boolean dialogSays(String text) {
        return $(Paragraph.class).all().stream().anyMatch(paragraph -> text.equals(paragraph.getText()));
    }

    @Test
    void shouldResolveInTheReleaseChosenInTheDialogAndShowRefusalsThere() {
        test($(Button.class).withId("resolve-in-release").single()).click();
        @SuppressWarnings("unchecked")
        ComboBox<String> release = $(ComboBox.class).withId("release-choice").single();
        Button resolve = $(Button.class).withId("confirm-resolve-in-release").single();

        release.setValue(null);
        test(resolve).click();
        assertThat(dialogSays("Choose or type a release")).isTrue();
        assertThat(issue().status()).isEqualTo("unresolved");

        release.setValue("9".repeat(251));
        test(resolve).click();
        assertThat(dialogSays("release must be at most 250 characters")).as("the service's refusal, in the dialog").isTrue();
        assertThat(issue().status()).isEqualTo("unresolved");
        assertThat($(Dialog.class).all()).as("still open to correct the release").hasSize(1);

        release.setValue("2.4.0");
        test(resolve).click();
        assertThat(issue().status()).isEqualTo("resolved");
        assertThat(issue().resolvedIn()).isEqualTo("2.4.0");
        assertThat($(Dialog.class).all()).isEmpty();
        assertThat($(Button.class).withId("reopen").all()).as("the page redrew with the new status").hasSize(1);
    }

    @Test
    void shouldMoveBetweenTheIssuesEvents() {
        assertThat($(Span.class).withId("event-position").single().getText()).isEqualTo("Event 1 of 2 (newest first)");
        assertThat($(Button.class).withId("newest-event").single().isEnabled()).isFalse();

        test($(Button.class).withId("older-event").single()).click();
        assertThat($(Span.class).withId("event-position").single().getText()).isEqualTo("Event 2 of 2 (newest first)");
        assertThat($(Button.class).withId("older-event").single().isEnabled()).isFalse();

        test($(Button.class).withId("newest-event").single()).click();
        assertThat($(Span.class).withId("event-position").single().getText()).isEqualTo("Event 1 of 2 (newest first)");
    }

    @Test
    void shouldLinkAMergedIssuesPageToItsPrimaryWithTheTitleAsText() {
        assertThat($(Anchor.class).withId("merged-into-link").all()).as("an issue that is not merged says nothing").isEmpty();
        String body = """
                {"data": {"error": {"name": "RangeError", "message": "<img src=x onerror=alert(1)>"}, "project_id": %d}}"""
                .formatted(projectId);
        TestEvents.process(processor, projectId, body, clock.instant());
        long primary = issues.search(owner.asCaller(), projectId, IssueFilter.all(), 0, 5).stream()
                .filter(i -> i.id() != issueId).findFirst().orElseThrow().id();
        merges.merge(owner.asCaller(), java.util.List.of(issueId), primary);

        navigate("issues/" + issueId, IssueView.class);

        Anchor link = $(Anchor.class).withId("merged-into-link").single();
        assertThat(link.getText()).isEqualTo("RangeError: <img src=x onerror=alert(1)>");
        assertThat(link.getElement().getChildren()).as("the title is a text node, not markup")
                .allMatch(com.vaadin.flow.dom.Element::isTextNode);
        assertThat(link.getHref()).isEqualTo("issues/" + primary);
        assertThat($(com.vaadin.flow.component.html.Div.class).withId("merged-into").single().getElement().getTextRecursively())
                .isEqualTo("Merged into RangeError: <img src=x onerror=alert(1)>");

        navigate("issues/" + primary, IssueView.class);
        assertThat($(Anchor.class).withId("merged-into-link").all()).as("the primary is not merged into anything").isEmpty();
    }
}
