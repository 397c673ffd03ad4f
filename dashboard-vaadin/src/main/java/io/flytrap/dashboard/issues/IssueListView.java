package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.CallbackDataProvider;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssuePeriod;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueSort;
import io.flytrap.core.issues.IssueStatusService;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.projects.Project;
import io.flytrap.core.projects.ProjectKey;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.dashboard.sdk.PublicUrl;
import io.flytrap.dashboard.sdk.SdkSettingsPanel;
import io.flytrap.dashboard.layout.ReleaseLinks;
import io.flytrap.dashboard.layout.Visible;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import io.flytrap.dashboard.security.LiveUpdateAccess;
import jakarta.annotation.security.PermitAll;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A project's issues as a triage queue: filters, search and sort (kept in the URL, so a filtered list can be
 * bookmarked and shared), lazy paging, bulk resolve / ignore / delete, and live updates as events arrive.
 */
@Route("projects/:projectId/issues")
@PageTitle("Issues · Flytrap")
@PermitAll
public class IssueListView extends VerticalLayout implements BeforeEnterObserver {

    static final String ANY = "any";
    /** The status filter's choices: each status, or any. */
    static final List<String> STATUS_CHOICES = java.util.stream.Stream.concat(IssueFilter.STATUSES.stream(),
            java.util.stream.Stream.of(ANY)).toList();

    private final ProjectService projects;
    private final IssueQueries issues;
    private final IssueStatusService statuses;
    private final IssueUpdates updates;
    private final LiveUpdateAccess liveAccess;
    private final PublicUrl publicUrl;
    private final Clock clock;
    private final Caller caller;

    private final Grid<IssueSummary> grid = new Grid<>();
    private final H2 title = new H2();
    private final Div emptyState = new Div();
    private final Details setup = new Details("Send errors to this project");
    private final Span total = new Span();
    private final TextField search = new TextField();
    private final Select<String> status = new Select<>();
    private final MultiSelectComboBox<String> levels = new MultiSelectComboBox<>("Level");
    private final Select<String> handled = new Select<>();
    private final ComboBox<String> environment = new ComboBox<>("Environment");
    private final ComboBox<String> release = new ComboBox<>("Release");
    /** Browser, OS and device: the values the issue page's facets show, by name (IssueFilter.CONTEXTS). */
    private final Map<String, ComboBox<String>> contexts = new LinkedHashMap<>();
    private final Select<IssuePeriod> period = new Select<>();
    private final Select<IssueSort> sort = new Select<>();
    private final Button resolveSelected = new Button("Resolve", VaadinIcon.CHECK.create());
    private final Button ignoreSelected = new Button("Ignore", VaadinIcon.EYE_SLASH.create());
    private final Button deleteSelected = new Button("Delete", VaadinIcon.TRASH.create());

    private CallbackDataProvider<IssueSummary, Void> dataProvider;
    private IssueFilter filter = IssueFilter.unresolved();
    private long projectId;
    private Registration subscription;
    /** While the filter fields are filled from the URL, their change events must not rewrite it. */
    private boolean restoring;

    IssueListView(ProjectService projects, IssueQueries issues, IssueStatusService statuses, IssueUpdates updates,
                  LiveUpdateAccess liveAccess, PublicUrl publicUrl, Clock clock, AuthenticationContext authentication) {
        this.projects = projects;
        this.issues = issues;
        this.statuses = statuses;
        this.updates = updates;
        this.liveAccess = liveAccess;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.caller = authentication.getAuthenticatedUser(FlytrapPrincipal.class).orElseThrow().caller();
        setSizeFull();
        configureFilters();
        configureGrid();
        configureBulkActions();
    }

    public static void open(long projectId) {
        UI.getCurrent().navigate(IssueListView.class, new RouteParameters("projectId", Long.toString(projectId)));
    }

    private void configureFilters() {
        search.setId("search");
        search.setLabel("Search");
        search.setPlaceholder("Title or culprit");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setMaxLength(200);
        search.setWidth("14em");

        status.setId("status-filter");
        status.setLabel("Status");
        status.setItems(STATUS_CHOICES);
        status.setItemLabelGenerator(value -> value.equals(ANY) ? "Any status" : capitalized(value));

        levels.setId("level-filter");
        levels.setItems(IssueFilter.LEVELS);
        levels.setItemLabelGenerator(IssueListView::capitalized);
        levels.setPlaceholder("Any");
        levels.setWidth("9em");

        handled.setId("handled-filter");
        handled.setLabel("Mechanism");
        handled.setItems(ANY, "unhandled", "handled");
        handled.setItemLabelGenerator(value -> value.equals(ANY) ? "Handled or not" : capitalized(value));

        environment.setId("environment-filter");
        environment.setPlaceholder("Any");
        environment.setClearButtonVisible(true);
        release.setId("release-filter");
        release.setPlaceholder("Any");
        release.setClearButtonVisible(true);

        status.setWidth("9em");
        handled.setWidth("10em");
        environment.setWidth("9em");
        release.setWidth("8em");
        period.setWidth("10em");
        sort.setWidth("8em");
        period.setId("period-filter");
        period.setLabel("Last seen");
        period.setItems(IssuePeriod.values());
        period.setItemLabelGenerator(IssuePeriod::label);

        sort.setId("sort");
        sort.setLabel("Sort by");
        sort.setItems(IssueSort.values());
        sort.setItemLabelGenerator(value -> switch (value) {
            case LAST_SEEN -> "Last seen";
            case FIRST_SEEN -> "First seen";
            case EVENTS -> "Events";
            case USERS -> "Users";
        });

        search.addValueChangeListener(e -> filtersChanged());
        status.addValueChangeListener(e -> filtersChanged());
        levels.addValueChangeListener(e -> filtersChanged());
        handled.addValueChangeListener(e -> filtersChanged());
        environment.addValueChangeListener(e -> filtersChanged());
        release.addValueChangeListener(e -> filtersChanged());
        for (String name : IssueFilter.CONTEXTS) {
            ComboBox<String> context = new ComboBox<>(name.equals("os") ? "OS" : capitalized(name));
            context.setId(name + "-filter");
            context.setPlaceholder("Any");
            context.setClearButtonVisible(true);
            context.setWidth("10em");
            context.addValueChangeListener(e -> filtersChanged());
            contexts.put(name, context);
        }
        period.addValueChangeListener(e -> filtersChanged());
        sort.addValueChangeListener(e -> filtersChanged());
    }

    private void configureGrid() {
        grid.setId("issues");
        grid.setSelectionMode(Grid.SelectionMode.MULTI);
        grid.addComponentColumn(this::titleCell).setHeader("Issue").setFlexGrow(4);
        grid.addColumn(IssueSummary::eventCount).setHeader("Events").setFlexGrow(0).setWidth("7em");
        grid.addColumn(IssueSummary::userCount).setHeader("Users").setFlexGrow(0).setWidth("6em");
        grid.addColumn(issue -> TimeFormat.ago(issue.lastSeen(), clock.instant()))
                .setTooltipGenerator(issue -> TimeFormat.exact(issue.lastSeen()))
                .setHeader("Last seen").setFlexGrow(0).setWidth("9em");
        grid.addColumn(issue -> TimeFormat.ago(issue.firstSeen(), clock.instant()))
                .setTooltipGenerator(issue -> TimeFormat.exact(issue.firstSeen()))
                .setHeader("First seen").setFlexGrow(0).setWidth("9em");
        grid.addItemClickListener(click -> IssueView.open(click.getItem().id()));
        grid.addSelectionListener(selection -> {
            boolean any = !selection.getAllSelectedItems().isEmpty();
            resolveSelected.setEnabled(any);
            ignoreSelected.setEnabled(any);
            deleteSelected.setEnabled(any);
        });
        grid.setSizeFull();
    }

    private void configureBulkActions() {
        resolveSelected.setId("resolve-selected");
        ignoreSelected.setId("ignore-selected");
        deleteSelected.setId("delete-selected");
        deleteSelected.addThemeVariants(ButtonVariant.LUMO_ERROR);
        for (Button button : List.of(resolveSelected, ignoreSelected, deleteSelected)) {
            button.setEnabled(false);
        }
        resolveSelected.addClickListener(e -> confirmBulk("Resolve", "They reopen as regressions if they happen again.",
                false, (c, id) -> statuses.resolve(c, id, null)));
        ignoreSelected.addClickListener(e -> confirmBulk("Ignore", "They stay out of the unresolved list until you reopen them.",
                false, (c, id) -> statuses.ignore(c, id, null, null)));
        deleteSelected.addClickListener(e -> confirmBulk("Delete", "Their events are deleted too. This cannot be undone.",
                true, statuses::delete));
    }

    private void confirmBulk(String verb, String consequence, boolean destructive, BiConsumer<Caller, Long> action) {
        Set<IssueSummary> selected = grid.getSelectedItems();
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setId("confirm-bulk");
        dialog.setHeader(verb + " " + selected.size() + (selected.size() == 1 ? " issue?" : " issues?"));
        dialog.setText(consequence);
        dialog.setCancelable(true);
        dialog.setConfirmText(verb);
        if (destructive) {
            dialog.setConfirmButtonTheme("error primary");
        }
        dialog.addConfirmListener(confirmed -> {
            int done = 0;
            for (IssueSummary issue : selected) {
                try {
                    action.accept(caller, issue.id());
                    done++;
                } catch (io.flytrap.core.access.NotFoundException gone) {
                    // deleted meanwhile (by someone else, or with the project): nothing left to do for it
                }
            }
            grid.deselectAll();
            refresh();
            Notification.show(pastTense(verb) + " " + done + (done == 1 ? " issue" : " issues"), 3000,
                    Notification.Position.BOTTOM_START);
        });
        dialog.open();
    }

    private static String pastTense(String verb) {
        return verb.endsWith("e") ? verb + "d" : verb + "ed";
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        projectId = event.getRouteParameters().getLong("projectId").orElse(-1L);
        Project project = Visible.orNotFound(() -> projects.get(caller, projectId));
        title.setText(project.name());
        environment.setItems(issues.environments(caller, projectId));
        release.setItems(issues.releases(caller, projectId));
        issues.contextValues(caller, projectId).forEach((name, values) -> contexts.get(name).setItems(values));
        restoreFilters(event.getLocation().getQueryParameters());

        dataProvider = new CallbackDataProvider<>(
                query -> issues.search(caller, projectId, filter, query.getOffset(), query.getLimit()).stream(),
                query -> (int) Math.min(Integer.MAX_VALUE, issues.count(caller, projectId, filter)));
        grid.setDataProvider(dataProvider);

        ProjectKey key = projects.keys(caller, projectId).stream().filter(ProjectKey::active).findFirst().orElse(null);
        setup.removeAll();
        if (key != null) {
            setup.add(new SdkSettingsPanel(publicUrl.sdkSettings(projectId, key.publicKey())));
        }
        emptyState.removeAll();
        emptyState.setId("no-issues");
        emptyState.add(new Paragraph("No errors yet. They appear here as soon as they arrive."));
        total.setId("issue-total");
        total.addClassName("issue-total");

        HorizontalLayout filters = new HorizontalLayout(search, status, levels, handled, environment, release);
        contexts.values().forEach(filters::add);
        filters.add(period, sort);
        filters.setId("filters");
        filters.setWrap(true);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        HorizontalLayout bulk = new HorizontalLayout(total, resolveSelected, ignoreSelected, deleteSelected);
        bulk.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        // by URL, not by class: the projects feature links to issues, so issues must not depend back on it
        Anchor settings = new Anchor("projects/" + projectId + "/settings", "Settings, keys & members");
        settings.setId("project-settings");
        Anchor releasesLink = new Anchor(ReleaseLinks.releases(projectId), "Releases");
        releasesLink.setId("project-releases");
        HorizontalLayout heading = new HorizontalLayout(title, settings, releasesLink);
        heading.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        removeAll();
        add(heading, setup, filters, bulk, emptyState, grid);
        updateCounts();
        setup.setOpened(emptyState.isVisible());
    }

    /** Fills the filter fields from the URL (defaults: unresolved, any level, all time, last seen first). */
    private void restoreFilters(QueryParameters query) {
        Map<String, List<String>> params = query.getParameters();
        restoring = true;
        try {
            search.setValue(first(params, "query", ""));
            status.setValue(oneOf(first(params, "status", "unresolved"), STATUS_CHOICES, "unresolved"));
            levels.setValue(Set.copyOf(params.getOrDefault("level", List.of()).stream()
                    .filter(IssueFilter.LEVELS::contains).toList()));
            handled.setValue(oneOf(first(params, "mechanism", ANY), List.of(ANY, "unhandled", "handled"), ANY));
            environment.setValue(first(params, "environment", null));
            release.setValue(first(params, "release", null));
            contexts.forEach((name, context) -> context.setValue(first(params, name, null)));
            period.setValue(parsedOr(() -> IssuePeriod.ofCode(first(params, "period", "all")), IssuePeriod.ALL));
            sort.setValue(parsedOr(() -> IssueSort.valueOf(first(params, "sort", "LAST_SEEN").toUpperCase()), IssueSort.LAST_SEEN));
        } finally {
            restoring = false;
        }
        filter = currentFilter();
    }

    private void filtersChanged() {
        if (restoring || dataProvider == null) {
            return;
        }
        filter = currentFilter();
        grid.deselectAll();
        refresh();
        UI.getCurrent().getPage().getHistory().replaceState(null, new Location(
                "projects/" + projectId + "/issues", QueryParameters.full(toQuery())));
    }

    private IssueFilter currentFilter() {
        String chosenStatus = status.getValue();
        String mechanism = handled.getValue();
        return new IssueFilter(chosenStatus == null || chosenStatus.equals(ANY) ? Set.of() : Set.of(chosenStatus),
                levels.getValue(), mechanism == null || mechanism.equals(ANY) ? null : mechanism.equals("unhandled"),
                environment.getValue(), release.getValue(), period.getValue() == null ? null : period.getValue().duration(),
                search.getValue(), sort.getValue(), chosenContexts());
    }

    private Map<String, String> chosenContexts() {
        Map<String, String> chosen = new LinkedHashMap<>();
        contexts.forEach((name, context) -> {
            if (context.getValue() != null) {
                chosen.put(name, context.getValue());
            }
        });
        return chosen;
    }

    private Map<String, String[]> toQuery() {
        Map<String, String[]> query = new LinkedHashMap<>();
        if (!search.getValue().isBlank()) {
            query.put("query", new String[]{search.getValue()});
        }
        if (status.getValue() != null && !status.getValue().equals("unresolved")) {
            query.put("status", new String[]{status.getValue()});
        }
        if (!levels.getValue().isEmpty()) {
            query.put("level", levels.getValue().stream().sorted().toArray(String[]::new));
        }
        if (handled.getValue() != null && !handled.getValue().equals(ANY)) {
            query.put("mechanism", new String[]{handled.getValue()});
        }
        if (environment.getValue() != null) {
            query.put("environment", new String[]{environment.getValue()});
        }
        if (release.getValue() != null) {
            query.put("release", new String[]{release.getValue()});
        }
        chosenContexts().forEach((name, value) -> query.put(name, new String[]{value}));
        if (period.getValue() != null && period.getValue() != IssuePeriod.ALL) {
            query.put("period", new String[]{period.getValue().code()});
        }
        if (sort.getValue() != null && sort.getValue() != IssueSort.LAST_SEEN) {
            query.put("sort", new String[]{sort.getValue().name().toLowerCase()});
        }
        return query;
    }

    private void refresh() {
        dataProvider.refreshAll();
        updateCounts();
    }

    private void updateCounts() {
        long matching = issues.count(caller, projectId, filter);
        total.setText(matching + (matching == 1 ? " issue" : " issues"));
        // the project as a whole is only worth counting when this filter shows nothing
        boolean noIssuesAtAll = matching == 0 && issues.count(caller, projectId, IssueFilter.all()) == 0;
        if (emptyState.isVisible() && !noIssuesAtAll) {
            setup.setOpened(false); // the first error arrived: the setup instructions did their job
        }
        emptyState.setVisible(noIssuesAtAll);
    }

    private VerticalLayout titleCell(IssueSummary issue) {
        Span name = new Span(issue.title());
        name.addClassName("issue-title");
        HorizontalLayout badges = new HorizontalLayout();
        badges.setSpacing(false);
        badges.addClassName("issue-badges");
        badges.add(badge(issue.level(), "level-" + issue.level()));
        if (issue.unhandled()) {
            badges.add(badge("unhandled", "unhandled"));
        }
        if (!"unresolved".equals(issue.status())) {
            badges.add(badge(issue.status(), "status-" + issue.status()));
        } else if (issue.regressedAt() != null) {
            badges.add(badge("regressed", "regressed"));
        }
        Span culprit = new Span(issue.culprit() == null ? "" : issue.culprit());
        culprit.addClassName("issue-culprit");
        badges.add(culprit);
        VerticalLayout cell = new VerticalLayout(name, badges);
        cell.setPadding(false);
        cell.setSpacing(false);
        return cell;
    }

    static Span badge(String text, String kind) {
        Span badge = new Span(text);
        badge.addClassNames("flytrap-badge", kind);
        return badge;
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        UI ui = attachEvent.getUI();
        // access is checked again at each push: the session or the membership may have ended since the page opened
        subscription = updates.subscribe(projectId, () -> liveAccess.push(ui, caller, projectId, this::refresh));
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        if (subscription != null) {
            subscription.remove();
            subscription = null;
        }
    }

    private static String capitalized(String value) {
        return value.isEmpty() ? value : Character.toUpperCase(value.charAt(0)) + value.substring(1);
    }

    private static String first(Map<String, List<String>> params, String name, String fallback) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() || values.getFirst().isBlank() ? fallback : values.getFirst();
    }

    private static String oneOf(String value, List<String> allowed, String fallback) {
        return allowed.contains(value) ? value : fallback;
    }

    /** A hand-edited URL with an unknown value falls back to the default instead of failing the page. */
    private static <T> T parsedOr(java.util.function.Supplier<T> parse, T fallback) {
        try {
            return parse.get();
        } catch (IllegalArgumentException unknown) {
            return fallback;
        }
    }
}
