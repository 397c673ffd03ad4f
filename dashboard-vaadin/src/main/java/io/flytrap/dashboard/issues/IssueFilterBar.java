package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.issues.InvalidSearchException;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssuePeriod;
import io.flytrap.core.issues.IssueSearch;
import io.flytrap.core.issues.IssueSort;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The issue list's search (Sentry's syntax, with suggestions of keys and of the project's values), the shortcut
 * controls that edit it, the time range and the sort. The search is the one filter: a shortcut rewrites its key's
 * filter in the query. The URL keeps the canonical query ({@code ?q=}), the period and the sort; restore reads them
 * back, and older URLs' single filters (status=, level=, …) become the same query. A change fires FiltersChanged.
 */
class IssueFilterBar extends Composite<VerticalLayout> {

    private static final String ANY = SearchShortcuts.ANY;

    private final ComboBox<String> search = new ComboBox<>();
    private final Span searchError = new Span();
    /** assigned:me, one click away: the triage question "what is mine?" */
    private final Checkbox mine = new Checkbox("Assigned to me");
    private final SearchShortcuts shortcuts = new SearchShortcuts(this::shortcut);
    private final Select<IssuePeriod> period = new Select<>();
    private final Select<IssueSort> sort = new Select<>();
    private IssueSearch current = IssueSearch.parse(IssueSearch.DEFAULT_QUERY);
    private SearchSuggestions suggestions = new SearchSuggestions(Map.of());
    /** While the fields show the search, their change events must not edit it again. */
    private boolean restoring;

    IssueFilterBar() {
        search.setId("search");
        search.setAllowCustomValue(true);
        search.setClearButtonVisible(true);
        search.setPlaceholder("is:unresolved level:error browser:Chrome text…");
        search.setAriaLabel("Search");
        search.addClassName("issue-search");
        search.setItems(query -> suggestions.complete(query.getFilter().orElse("")).stream()
                .skip(query.getOffset()).limit(query.getLimit()));
        // the dropdown shows the token each suggestion completes; choosing it puts the whole query into the field
        search.setRenderer(LitRenderer.<String>of("<span>${item.token}</span>").withProperty("token", SearchSuggestions::lastToken));
        search.addCustomValueSetListener(typed -> search.setValue(typed.getDetail()));
        search.addValueChangeListener(e -> {
            if (!restoring) {
                searched(e.getValue());
            }
        });
        searchError.setId("search-error");
        searchError.getStyle().set("color", "var(--lumo-error-text-color)").set("font-size", "var(--lumo-font-size-s)");
        searchError.setVisible(false);

        choice(period, "period-filter", "Last seen", List.of(IssuePeriod.values()), "9em");
        period.setItemLabelGenerator(IssuePeriod::label);
        choice(sort, "sort", "Sort by", List.of(IssueSort.values()), "7em");
        sort.setItemLabelGenerator(value -> switch (value) {
            case LAST_SEEN -> "Last seen";
            case FIRST_SEEN -> "First seen";
            case EVENTS -> "Events";
            case USERS -> "Users";
        });
        period.addValueChangeListener(e -> changed());
        sort.addValueChangeListener(e -> changed());

        // the search and the Filters button on one line; time range, sort and the shortcuts collapse behind it
        shortcuts.addFirst(period, sort);
        mine.setId("assigned-to-me");
        mine.addValueChangeListener(e -> {
            if (!restoring) {
                shortcut(IssueSearch.ASSIGNED, e.getValue() ? List.of(IssueSearch.ME) : List.of());
            }
        });
        HorizontalLayout first = new HorizontalLayout(search, mine, new FiltersToggle(shortcuts));
        first.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        first.setWidthFull();
        VerticalLayout bar = getContent();
        bar.setPadding(false);
        bar.setSpacing(false);
        bar.add(first, searchError, shortcuts);
        bar.setId("filters");
    }

    private static <T> void choice(Select<T> select, String id, String label, List<T> items, String width) {
        select.setId(id);
        select.setLabel(label);
        select.setItems(items);
        select.setWidth(width);
    }

    Registration addFiltersChangedListener(ComponentEventListener<FiltersChanged> listener) {
        return addListener(FiltersChanged.class, listener);
    }

    /** What the project's issues have for each key (IssueQueries.searchValues): suggestions and shortcut choices. */
    void setChoices(Map<String, List<String>> searchValues) {
        suggestions = new SearchSuggestions(searchValues);
        shortcuts.setChoices(searchValues);
    }

    /** Fills the fields from the URL: ?q= (absent: is:unresolved), else an older URL's single filters; period, sort. */
    void restore(QueryParameters query) {
        Map<String, List<String>> params = query.getParameters();
        searchError.setVisible(false);
        try {
            current = params.containsKey("q") ? IssueSearch.parse(first(params, "q", "")) : fromOlderUrl(params);
        } catch (InvalidSearchException invalid) {
            current = IssueSearch.parse(IssueSearch.DEFAULT_QUERY);
            showError(invalid);
        }
        restoring = true;
        try {
            period.setValue(parsedOr(() -> IssuePeriod.ofCode(first(params, "period", "all")), IssuePeriod.ALL));
            sort.setValue(parsedOr(() -> IssueSort.valueOf(first(params, "sort", "LAST_SEEN").toUpperCase()), IssueSort.LAST_SEEN));
        } finally {
            restoring = false;
        }
        showSearch();
    }

    /** The filters of URLs from before the search syntax, as the same search. */
    private static IssueSearch fromOlderUrl(Map<String, List<String>> params) {
        IssueSearch search = IssueSearch.parse(first(params, "query", ""));
        String chosenStatus = first(params, "status", "unresolved");
        search = search.with(IssueSearch.IS, chosenStatus.equals(ANY) ? List.of() : List.of(chosenStatus));
        search = search.with(IssueSearch.LEVEL, params.getOrDefault("level", List.of()));
        String mechanism = first(params, "mechanism", ANY);
        search = search.with(IssueSearch.HANDLED, mechanism.equals(ANY) ? List.of() : List.of(mechanism.equals("unhandled") ? "no" : "yes"));
        for (String key : SearchShortcuts.VALUE_KEYS) {
            String value = first(params, key, null);
            search = search.with(key, value == null ? List.of() : List.of(value));
        }
        return search;
    }

    private void searched(String text) {
        if (text != null && text.endsWith(":")) {
            return; // a key chosen from the suggestions: its value comes next
        }
        try {
            current = IssueSearch.parse(text);
        } catch (InvalidSearchException invalid) {
            showError(invalid); // the list stays as it was until the search can be read
            return;
        }
        searchError.setVisible(false);
        showSearch();
        changed();
    }

    /** A shortcut control chose values for its key: the search's filters on that key become exactly these. */
    private void shortcut(String key, List<String> chosen) {
        try {
            current = current.with(key, chosen);
        } catch (InvalidSearchException invalid) {
            showError(invalid);
            return;
        }
        searchError.setVisible(false);
        showSearch();
        changed();
    }

    private void showError(InvalidSearchException invalid) {
        searchError.setText(invalid.getMessage());
        searchError.setVisible(true);
    }

    /** The search in its canonical form, and each shortcut showing its key's filter where one choice can show it. */
    private void showSearch() {
        restoring = true;
        try {
            search.setValue(current.toQueryString());
            shortcuts.show(current);
            mine.setValue(current.plainValues(IssueSearch.ASSIGNED).equals(List.of(IssueSearch.ME)));
        } finally {
            restoring = false;
        }
    }

    private void changed() {
        if (!restoring) {
            fireEvent(new FiltersChanged(this));
        }
    }

    /** The "/" keyboard shortcut. */
    void focusSearch() {
        search.focus();
    }

    IssueFilter filter() {
        return new IssueFilter(current, period.getValue() == null ? null : period.getValue().duration(), sort.getValue());
    }

    /** Everything shown: no search, any time. */
    void clear() {
        current = IssueSearch.empty();
        searchError.setVisible(false);
        restoring = true;
        period.setValue(IssuePeriod.ALL);
        restoring = false;
        showSearch();
        changed();
    }

    /** What was asked for, in words: the query and the time range. */
    String describe() {
        String query = current.isEmpty() ? "the empty search" : "“" + current.toQueryString() + "”";
        return period.getValue() == null || period.getValue() == IssuePeriod.ALL ? query
                : query + " in the " + period.getValue().label().toLowerCase();
    }

    /** The URL's query for the current choices; defaults are left out, so the plain list has a plain URL. */
    QueryParameters toQuery() {
        Map<String, String[]> query = new LinkedHashMap<>();
        if (!current.toQueryString().equals(IssueSearch.DEFAULT_QUERY)) {
            query.put("q", new String[]{current.toQueryString()}); // "q=" too: the empty search, not the default
        }
        if (period.getValue() != null && period.getValue() != IssuePeriod.ALL) {
            query.put("period", new String[]{period.getValue().code()});
        }
        if (sort.getValue() != null && sort.getValue() != IssueSort.LAST_SEEN) {
            query.put("sort", new String[]{sort.getValue().name().toLowerCase()});
        }
        return QueryParameters.full(query);
    }

    private static String first(Map<String, List<String>> params, String name, String fallback) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() || values.getFirst().isBlank() ? fallback : values.getFirst();
    }

    /** A hand-edited URL with an unknown period or sort falls back to the default instead of failing the page. */
    private static <T> T parsedOr(Supplier<T> parse, T fallback) {
        try {
            return parse.get();
        } catch (IllegalArgumentException unknown) {
            return fallback;
        }
    }

    /** The user changed the search, a shortcut, the time range or the sort. */
    static class FiltersChanged extends ComponentEvent<IssueFilterBar> {
        FiltersChanged(IssueFilterBar source) {
            super(source, false);
        }
    }
}
