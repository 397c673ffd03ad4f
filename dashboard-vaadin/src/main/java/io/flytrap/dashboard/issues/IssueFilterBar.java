package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssuePeriod;
import io.flytrap.core.issues.IssueSort;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The issue list's filters, search and sort. They are kept in the URL (so a filtered list can be bookmarked and
 * shared): restore fills them from it, toQuery writes them back. A change by the user fires FiltersChanged.
 */
class IssueFilterBar extends Composite<HorizontalLayout> {

    static final String ANY = "any";
    /** The status filter's choices: each status, or any. */
    static final List<String> STATUS_CHOICES = Stream.concat(IssueFilter.STATUSES.stream(), Stream.of(ANY)).toList();

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
    /** While the fields are filled from the URL, their change events must not rewrite it. */
    private boolean restoring;

    IssueFilterBar() {
        search.setId("search");
        search.setLabel("Search");
        search.setPlaceholder("Title or culprit");
        search.setPrefixComponent(VaadinIcon.SEARCH.create());
        search.setClearButtonVisible(true);
        search.setValueChangeMode(ValueChangeMode.LAZY);
        search.setMaxLength(200);
        search.setWidth("14em");
        choice(status, "status-filter", "Status", STATUS_CHOICES, "9em");
        status.setItemLabelGenerator(value -> value.equals(ANY) ? "Any status" : capitalized(value));
        levels.setId("level-filter");
        levels.setItems(IssueFilter.LEVELS);
        levels.setItemLabelGenerator(IssueFilterBar::capitalized);
        levels.setPlaceholder("Any");
        levels.setWidth("9em");
        choice(handled, "handled-filter", "Mechanism", List.of(ANY, "unhandled", "handled"), "10em");
        handled.setItemLabelGenerator(value -> value.equals(ANY) ? "Handled or not" : capitalized(value));
        optional(environment, "environment-filter", "9em");
        optional(release, "release-filter", "8em");
        for (String name : IssueFilter.CONTEXTS) {
            ComboBox<String> context = new ComboBox<>(name.equals("os") ? "OS" : capitalized(name));
            optional(context, name + "-filter", "10em");
            contexts.put(name, context);
        }
        choice(period, "period-filter", "Last seen", List.of(IssuePeriod.values()), "10em");
        period.setItemLabelGenerator(IssuePeriod::label);
        choice(sort, "sort", "Sort by", List.of(IssueSort.values()), "8em");
        sort.setItemLabelGenerator(value -> switch (value) {
            case LAST_SEEN -> "Last seen";
            case FIRST_SEEN -> "First seen";
            case EVENTS -> "Events";
            case USERS -> "Users";
        });
        search.addValueChangeListener(e -> changed());
        status.addValueChangeListener(e -> changed());
        levels.addValueChangeListener(e -> changed());
        handled.addValueChangeListener(e -> changed());
        environment.addValueChangeListener(e -> changed());
        release.addValueChangeListener(e -> changed());
        contexts.values().forEach(context -> context.addValueChangeListener(e -> changed()));
        period.addValueChangeListener(e -> changed());
        sort.addValueChangeListener(e -> changed());

        HorizontalLayout bar = getContent();
        bar.add(search, status, levels, handled, environment, release);
        contexts.values().forEach(bar::add);
        bar.add(period, sort);
        bar.setId("filters");
        bar.setWrap(true);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
    }

    private static <T> void choice(Select<T> select, String id, String label, List<T> items, String width) {
        select.setId(id);
        select.setLabel(label);
        select.setItems(items);
        select.setWidth(width);
    }

    private static void optional(ComboBox<String> box, String id, String width) {
        box.setId(id);
        box.setPlaceholder("Any");
        box.setClearButtonVisible(true);
        box.setWidth(width);
    }

    Registration addFiltersChangedListener(ComponentEventListener<FiltersChanged> listener) {
        return addListener(FiltersChanged.class, listener);
    }

    /** The values the project's events have, so the choices offer only what can match. */
    void setChoices(List<String> environments, List<String> releases, Map<String, List<String>> contextValues) {
        environment.setItems(environments);
        release.setItems(releases);
        contextValues.forEach((name, values) -> contexts.get(name).setItems(values));
    }

    /** Fills the fields from the URL (defaults: unresolved, any level, all time, last seen first). */
    void restore(QueryParameters query) {
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
    }

    private void changed() {
        if (!restoring) {
            fireEvent(new FiltersChanged(this));
        }
    }

    IssueFilter filter() {
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

    /** The URL's query for the current choices; defaults are left out, so the plain list has a plain URL. */
    QueryParameters toQuery() {
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
        return QueryParameters.full(query);
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
    private static <T> T parsedOr(Supplier<T> parse, T fallback) {
        try {
            return parse.get();
        } catch (IllegalArgumentException unknown) {
            return fallback;
        }
    }

    /** The user changed a filter, the search or the sort. */
    static class FiltersChanged extends ComponentEvent<IssueFilterBar> {
        FiltersChanged(IssueFilterBar source) {
            super(source, false);
        }
    }
}
