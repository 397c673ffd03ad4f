package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.projects.Project;
import io.flytrap.core.projects.ProjectKey;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.dashboard.sdk.PublicUrl;
import io.flytrap.dashboard.sdk.SdkSettingsPanel;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.annotation.security.PermitAll;

import java.time.Clock;

/** The issues of one project, most recently seen first, updated live as the processor stores events. */
@Route("projects/:projectId/issues")
@PageTitle("Issues · Flytrap")
@PermitAll
public class IssueListView extends VerticalLayout implements BeforeEnterObserver {

    private final ProjectService projects;
    private final IssueQueries issues;
    private final IssueUpdates updates;
    private final PublicUrl publicUrl;
    private final Caller caller;
    private final Grid<IssueSummary> grid = new Grid<>();
    private final H2 title = new H2();
    private final Div emptyState = new Div();
    private CallbackDataProvider<IssueSummary, Void> dataProvider;
    private long projectId;
    private Registration subscription;

    IssueListView(ProjectService projects, IssueQueries issues, IssueUpdates updates, PublicUrl publicUrl, Clock clock,
                  AuthenticationContext authentication) {
        this.projects = projects;
        this.issues = issues;
        this.updates = updates;
        this.publicUrl = publicUrl;
        this.caller = authentication.getAuthenticatedUser(FlytrapPrincipal.class).orElseThrow().caller();
        setSizeFull();

        grid.setId("issues");
        grid.addComponentColumn(this::titleCell).setHeader("Issue").setFlexGrow(4);
        grid.addColumn(IssueSummary::eventCount).setHeader("Events").setFlexGrow(0).setWidth("7em");
        grid.addColumn(issue -> TimeFormat.ago(issue.lastSeen(), clock.instant()))
                .setTooltipGenerator(issue -> TimeFormat.exact(issue.lastSeen()))
                .setHeader("Last seen").setFlexGrow(0).setWidth("9em");
        grid.addItemClickListener(click -> IssueView.open(click.getItem().id()));
        grid.setSizeFull();
    }

    public static void open(long projectId) {
        UI.getCurrent().navigate(IssueListView.class, new RouteParameters("projectId", Long.toString(projectId)));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        projectId = event.getRouteParameters().getLong("projectId").orElse(-1L);
        Project project;
        try {
            project = projects.get(caller, projectId);
        } catch (io.flytrap.core.access.NotFoundException hidden) {
            throw new NotFoundException();
        }
        title.setText(project.name());
        dataProvider = new CallbackDataProvider<>(
                query -> issues.list(caller, projectId, query.getOffset(), query.getLimit()).stream(),
                query -> (int) Math.min(Integer.MAX_VALUE, issues.count(caller, projectId)));
        grid.setDataProvider(dataProvider);

        ProjectKey key = projects.keys(caller, projectId).stream().filter(ProjectKey::active).findFirst().orElse(null);
        Details setup = new Details("Send errors to this project");
        if (key != null) {
            setup.add(new SdkSettingsPanel(publicUrl.sdkSettings(projectId, key.publicKey())));
        }
        emptyState.removeAll();
        emptyState.setId("no-issues");
        emptyState.add(new Paragraph("No errors yet. They appear here as soon as they arrive."));
        removeAll();
        add(title, setup, emptyState, grid);
        showEmptyStateIfNeeded();
        setup.setOpened(emptyState.isVisible());
    }

    private void showEmptyStateIfNeeded() {
        boolean empty = issues.count(caller, projectId) == 0;
        emptyState.setVisible(empty);
    }

    private VerticalLayout titleCell(IssueSummary issue) {
        Span name = new Span(issue.title());
        name.getStyle().set("font-weight", "600");
        Span culprit = new Span(issue.culprit() == null ? "" : issue.culprit());
        culprit.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        VerticalLayout cell = new VerticalLayout(name, culprit);
        cell.setPadding(false);
        cell.setSpacing(false);
        return cell;
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        UI ui = attachEvent.getUI();
        subscription = updates.subscribe(projectId, () -> ui.access(() -> {
            dataProvider.refreshAll();
            showEmptyStateIfNeeded();
        }));
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        if (subscription != null) {
            subscription.remove();
            subscription = null;
        }
    }
}
