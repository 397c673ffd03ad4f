package io.flytrap.dashboard.issues;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.select.Select;
import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueSummary;

import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectAccess;
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
import java.util.List;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The issue list's behaviour without a browser: filters, search, bulk actions and who may open it. */
@SpringBootTest(classes = FlytrapApplication.class)
@UsesTestDatabase
class IssueListViewTests extends SpringBrowserlessTest {

    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;
    @Autowired
    ProjectAccess access;
    @Autowired
    EventProcessor processor;
    @Autowired
    IssueQueries issues;
    @Autowired
    Clock clock;

    User owner;
    long projectId;

    @BeforeEach
    void threeIssues() {
        owner = users.create("view-" + UUID.randomUUID() + "@example.com", "a long test password", Role.MEMBER);
        projectId = projects.create(owner.asCaller(), "Views", null).project().id();
        send("TypeError", "price is undefined", "error");
        send("RangeError", "invalid length", "warning");
        send("SyntaxError", "unexpected token", "error");
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

    private void send(String type, String message, String level) {
        String body = """
                {"data": {"error": {"name": "%s", "message": "%s"}, "project_id": %d, "level": "%s"}}"""
                .formatted(type, message, projectId, level);
        TestEvents.process(processor, projectId, body, clock.instant());
    }

    @SuppressWarnings("unchecked")
    private Grid<IssueSummary> grid() {
        return $(Grid.class).withId("issues").single();
    }

    private List<String> shownTitles() {
        Grid<IssueSummary> grid = grid();
        return java.util.stream.IntStream.range(0, test(grid).size()).mapToObj(i -> test(grid).getRow(i).title()).toList();
    }

    @Test
    void shouldNarrowTheListToTheDeviceTheUserAgentNamed() {
        // Safari on an iPhone, as that browser sends its header; the three other issues carry none
        String body = """
                {"data": {"error": {"name": "EvalError", "message": "tap failed"}, "project_id": %d,
                          "request": {"url": "https://shop.example/", "headers": {"User-Agent": "%s"}}}}"""
                .formatted(projectId, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
                        + "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1");
        TestEvents.process(processor, projectId, body, clock.instant());
        navigate("projects/" + projectId + "/issues", IssueListView.class);
        assertThat(shownTitles()).hasSize(4);

        openFilters();
        @SuppressWarnings("unchecked")
        ComboBox<String> device = $(ComboBox.class).withId("device-filter").single();
        test(device).selectItem("iPhone");
        assertThat(shownTitles()).as("only the issue whose event came from an iPhone").containsExactly("EvalError: tap failed");

        test(device).selectItem(null);
        assertThat(shownTitles()).hasSize(4);
    }

    @Test
    void shouldNarrowTheListBySearchAndStatus() {
        navigate("projects/" + projectId + "/issues", IssueListView.class);
        assertThat(shownTitles()).hasSize(3);

        @SuppressWarnings("unchecked")
        ComboBox<String> search = $(ComboBox.class).withId("search").single();
        assertThat(search.getValue()).isEqualTo("is:unresolved");
        search.setValue("is:unresolved price");
        assertThat(shownTitles()).containsExactly("TypeError: price is undefined");

        search.setValue("");
        openFilters();
        @SuppressWarnings("unchecked")
        Select<String> status = $(Select.class).withId("status-filter").single();
        test(status).selectItem("Resolved");
        assertThat(shownTitles()).as("nothing resolved yet").isEmpty();
        assertThat(search.getValue()).as("the shortcut edited the query").isEqualTo("is:resolved");
    }

    @Test
    void shouldResolveTheSelectedIssuesOnlyAfterConfirmation() {
        navigate("projects/" + projectId + "/issues", IssueListView.class);
        test(grid()).select(0);
        test(grid()).select(1);

        test($(Button.class).withId("resolve-selected").single()).click();
        ConfirmDialog confirm = $(ConfirmDialog.class).single();
        assertThat(issues.count(owner.asCaller(), projectId, IssueFilter.unresolved())).as("not before confirming").isEqualTo(3);
        test(confirm).confirm();

        assertThat(issues.count(owner.asCaller(), projectId, IssueFilter.unresolved())).isEqualTo(1);
        assertThat(shownTitles()).as("the open list refreshed").hasSize(1);
    }

    @Test
    void shouldNotOpenAProjectTheUserIsNotIn() {
        User stranger = users.create("view-stranger-" + UUID.randomUUID() + "@example.com", "a long test password", Role.MEMBER);
        signIn(stranger);

        assertThatThrownBy(() -> navigate("projects/" + projectId + "/issues", IssueListView.class))
                .as("the router shows its not-found page instead of the view")
                .hasMessageContaining("RouteNotFoundError");
        Caller strangerCaller = stranger.asCaller();
        assertThat(access.reaches(strangerCaller, projectId)).isFalse();
    }

    @Test
    void shouldOpenAnIssueForAMember() {
        long issueId = issues.search(owner.asCaller(), projectId, IssueFilter.all(), 0, 1).getFirst().id();
        navigate("issues/" + issueId, IssueView.class);
        assertThat($(com.vaadin.flow.component.html.H2.class).withId("issue-title").single().getText()).isNotBlank();
    }

    @Test
    void shouldNotOpenAnIssueOrSettingsOfAProjectTheUserIsNotIn() {
        long issueId = issues.search(owner.asCaller(), projectId, IssueFilter.all(), 0, 1).getFirst().id();
        signIn(users.create("view-stranger-" + UUID.randomUUID() + "@example.com", "a long test password", Role.MEMBER));

        assertThatThrownBy(() -> navigate("issues/" + issueId, IssueView.class)).hasMessageContaining("RouteNotFoundError");
        assertThatThrownBy(() -> navigate("projects/" + projectId + "/settings", io.flytrap.dashboard.projects.ProjectSettingsView.class))
                .hasMessageContaining("RouteNotFoundError");
    }

    /** The shortcut controls are collapsed behind the Filters button at first (issue #22). */
    private void openFilters() {
        test($(Button.class).withId("filters-toggle").single()).click();
    }
}
