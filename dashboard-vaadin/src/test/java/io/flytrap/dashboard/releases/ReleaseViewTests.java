package io.flytrap.dashboard.releases;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.releases.Deploy;
import io.flytrap.core.releases.ReleaseChanges;
import io.flytrap.core.releases.ReleaseCommit;
import io.flytrap.core.releases.ReleaseService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.User;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.dashboard.issues.IssueView;
import io.flytrap.dashboard.layout.ReleaseLinks;
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
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The release page without a browser: what the release brought, where it went, and who may see it. */
@SpringBootTest(classes = FlytrapApplication.class)
@UsesTestDatabase
class ReleaseViewTests extends SpringBrowserlessTest {

    /** A hostile name, as an event may bring: it must be shown as these characters, never as markup. */
    static final String VERSION = "web@2.0 <img src=x onerror=alert(1)>";

    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;
    @Autowired
    ReleaseService releases;
    @Autowired
    IssueQueries issues;
    @Autowired
    EventProcessor processor;
    @Autowired
    Clock clock;

    User owner;
    long projectId;

    @BeforeEach
    void releaseWithAnIssueACommitAndADeploy() {
        owner = users.create("release-view-" + UUID.randomUUID() + "@example.com", "a long test password", Role.MEMBER);
        projectId = projects.create(owner.asCaller(), "Release views", null).project().id();
        TestEvents.process(processor, projectId, """
                {"data": {"error": {"name": "TypeError", "message": "cart is empty", "stack": ""},
                          "project_id": %d, "release": "%s"}}""".formatted(projectId, VERSION), clock.instant());
        releases.update(owner.asCaller(), projectId, VERSION, new ReleaseChanges(null, clock.instant(), null,
                List.of(new ReleaseCommit("0123456789abcdef0123", "origin", "Empty carts <b>fail</b>\nmore text",
                        "Ada", "ada@example.com", clock.instant()))));
        releases.addDeploy(owner.asCaller(), projectId, VERSION, new Deploy(0, "production", "blue", null, null, null));
        signIn(owner);
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private void signIn(User user) {
        FlytrapPrincipal principal = new FlytrapPrincipal(user, null);
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
    }

    /** As a click on a release link does; the test harness's navigate(String) takes no query string. */
    private void openRelease() {
        UI.getCurrent().navigate("projects/" + projectId + "/release", QueryParameters.of("version", VERSION));
    }

    private String text(String id) {
        return $(Span.class).withId(id).single().getText();
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldShowFirstSeenNewIssuesDeploysAndCommits() {
        openRelease();

        H2 title = $(H2.class).withId("release-version").single();
        assertThat(title.getText()).isEqualTo(VERSION);
        assertThat(title.getElement().getChildren()).as("a text node, no elements made from the name")
                .allMatch(com.vaadin.flow.dom.Element::isTextNode);
        assertThat(text("release-first-seen")).isNotEqualTo("no events yet").contains("UTC");
        assertThat(text("release-new-issue-count")).isEqualTo("1");
        assertThat(text("release-released")).isNotEqualTo("not finalized");

        Grid<io.flytrap.core.issues.IssueSummary> newIssues = $(Grid.class).withId("release-new-issues").single();
        assertThat(test(newIssues).size()).isEqualTo(1);
        assertThat(test(newIssues).getRow(0).title()).contains("cart is empty");
        Grid<Deploy> deploys = $(Grid.class).withId("release-deploys").single();
        assertThat(test(deploys).size()).isEqualTo(1);
        assertThat(test(deploys).getRow(0).environment()).isEqualTo("production");
        Grid<ReleaseCommit> commits = $(Grid.class).withId("release-commits").single();
        assertThat(test(commits).size()).isEqualTo(1);
        assertThat(test(commits).getCellText(0, 1)).isEqualTo("Empty carts <b>fail</b>");
    }

    @Test
    void shouldLinkToTheReleaseFromTheIssueAndTheReleaseList() {
        long issueId = issues.search(owner.asCaller(), projectId, IssueFilter.all(), 0, 1).getFirst().id();
        navigate("issues/" + issueId, IssueView.class);
        Span shown = $(Span.class).withId("issue-releases").single();
        assertThat(shown.getChildren().filter(Anchor.class::isInstance).map(a -> ((Anchor) a).getHref()))
                .containsExactly(ReleaseLinks.release(projectId, VERSION));

        navigate(ReleaseLinks.releases(projectId), ReleasesView.class);
        assertThat($(Grid.class).withId("releases").single()).isNotNull();
        assertThat(test((Grid<?>) $(Grid.class).withId("releases").single()).size()).isEqualTo(1);
    }

    @Test
    void shouldNotShowAReleaseOfAProjectTheUserIsNotIn() {
        signIn(users.create("release-stranger-" + UUID.randomUUID() + "@example.com", "a long test password", Role.MEMBER));
        openRelease();
        assertThat($(H2.class).withId("release-version").all()).as("the not-found page instead").isEmpty();
        assertThatThrownBy(() -> navigate(ReleaseLinks.releases(projectId), ReleasesView.class))
                .hasMessageContaining("RouteNotFoundError");
    }
}
