package io.flytrap.dashboard.projects;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.flytrap.core.access.Caller;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.issues.ActivityQueries;
import io.flytrap.core.issues.ProjectActivity;
import io.flytrap.core.projects.Project;
import io.flytrap.dashboard.charts.BarChart;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.IntStream;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.dashboard.issues.IssueListView;
import io.flytrap.dashboard.sdk.PublicUrl;
import io.flytrap.dashboard.sdk.SdkSettingsPanel;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.annotation.security.PermitAll;

import java.util.List;

@Route("")
@PageTitle("Projects · Flytrap")
@Menu(title = "Projects", order = 0)
@PermitAll
class ProjectsView extends VerticalLayout {

    static final List<String> PLATFORMS = List.of("javascript", "react", "node", "python", "java", "other");

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final ProjectService projects;
    private final ActivityQueries activity;
    private final PublicUrl publicUrl;
    private final Clock clock;
    private final Caller caller;
    private final Div cards = new Div();
    private final Paragraph noProjects = new Paragraph("No projects yet. Create one to get its DSN and SDK setup.");

    ProjectsView(ProjectService projects, ActivityQueries activity, PublicUrl publicUrl, Clock clock,
                 AuthenticationContext authentication) {
        this.projects = projects;
        this.activity = activity;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.caller = authentication.getAuthenticatedUser(FlytrapPrincipal.class).orElseThrow().caller();

        Button create = new Button("New project", click -> openCreateDialog());
        create.addThemeVariants(ButtonVariant.PRIMARY);
        create.setId("new-project");
        HorizontalLayout header = new HorizontalLayout(new H2("Projects"), create);
        header.setAlignItems(Alignment.BASELINE);

        cards.setId("projects");
        cards.addClassName("project-cards");
        noProjects.setId("no-projects");
        refresh();
        add(header, noProjects, cards);
    }

    private void refresh() {
        List<ProjectActivity> overview = activity.overview(caller);
        cards.removeAll();
        overview.forEach(project -> cards.add(card(project)));
        noProjects.setVisible(overview.isEmpty());
    }

    /** A project at a glance: open issues, events in the last 24 hours and the 14-day trend. Click to open. */
    private Div card(ProjectActivity activity) {
        Project project = activity.project();
        Div card = new Div();
        card.addClassName("project-card");
        card.setId("project-" + project.id());
        Span platform = new Span(project.platform() == null ? "" : project.platform());
        platform.addClassName("platform");
        Div numbers = new Div(number(activity.openIssues(), "open issues", "open-issues-count"),
                number(activity.eventsLast24Hours(), "events, last 24 h", "events-24h-count"));
        numbers.addClassName("numbers");
        LocalDate firstDay = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(ActivityQueries.TREND_DAYS - 1);
        List<String> days = IntStream.range(0, ActivityQueries.TREND_DAYS)
                .mapToObj(i -> DAY.format(firstDay.plusDays(i).atStartOfDay(ZoneOffset.UTC))).toList();
        card.add(new H3(project.name()), platform, numbers,
                BarChart.of(activity.dailyEvents(), days, "events", 224, 36, "Events per day, last 14 days"));
        card.addClickListener(click -> IssueListView.open(project.id()));
        return card;
    }

    /** Numbers are marked by class, not id: every card has them. */
    private static Div number(long value, String label, String kind) {
        Span number = new Span(Long.toString(value));
        number.addClassNames("number", kind);
        Span caption = new Span(label);
        caption.addClassName("number-label");
        return new Div(number, caption);
    }

    private void openCreateDialog() {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("New project");
        TextField name = new TextField("Name");
        name.setId("project-name");
        name.setRequired(true);
        name.setMaxLength(100);
        Select<String> platform = new Select<>();
        platform.setLabel("Platform");
        platform.setItems(PLATFORMS);
        platform.setValue("javascript");
        Paragraph problem = new Paragraph();
        Button save = new Button("Create", click -> {
            try {
                CreatedProject created = projects.create(caller, name.getValue(), platform.getValue());
                refresh();
                showSettings(dialog, created);
            } catch (IllegalArgumentException invalid) {
                problem.setText(invalid.getMessage());
            }
        });
        save.setId("create-project");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        name.setWidthFull();
        platform.setWidthFull();
        problem.addClassName("dialog-problem");
        VerticalLayout form = new VerticalLayout(name, platform, problem);
        form.addClassName("dialog-form");
        dialog.add(form);
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), save);
        dialog.open();
        name.focus();
    }

    private void showSettings(Dialog dialog, CreatedProject created) {
        dialog.removeAll();
        dialog.getFooter().removeAll();
        dialog.setHeaderTitle(created.project().name() + " is ready");
        dialog.add(new SdkSettingsPanel(publicUrl.sdkSettings(created.project().id(), created.key().publicKey())));
        Button open = new Button("Open issues", click -> {
            dialog.close();
            IssueListView.open(created.project().id());
        });
        open.setId("open-issues");
        open.addThemeVariants(ButtonVariant.PRIMARY);
        dialog.getFooter().add(new Button("Close", click -> dialog.close()), open);
    }
}
