package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueSearch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Controls that edit one key of the search each: status (is:), level, mechanism (handled:), environment, release,
 * browser, os and device. They show what the search says where one choice can (a negation or a key given twice
 * leaves the control empty) and report a choice as the key's new values.
 */
class SearchShortcuts extends Composite<HorizontalLayout> {

    static final String ANY = "any";
    /** The status shortcut's choices: each status, or any. */
    static final List<String> STATUS_CHOICES = Stream.concat(IssueFilter.STATUSES.stream(), Stream.of(ANY)).toList();
    static final List<String> VALUE_KEYS = List.of(IssueSearch.ENVIRONMENT, IssueSearch.RELEASE, "browser", "os", "device");

    private final Select<String> status = new Select<>();
    private final MultiSelectComboBox<String> levels = new MultiSelectComboBox<>("Level");
    private final Select<String> handled = new Select<>();
    private final Map<String, ComboBox<String>> values = new LinkedHashMap<>();
    /** While the controls show the search, their change events are not choices. */
    private boolean showing;

    SearchShortcuts(BiConsumer<String, List<String>> chosen) {
        status.setId("status-filter");
        status.setLabel("Status");
        status.setItems(STATUS_CHOICES);
        status.setWidth("8em");
        status.setItemLabelGenerator(value -> value.equals(ANY) ? "Any status" : capitalized(value));
        status.addValueChangeListener(e -> choose(chosen, IssueSearch.IS,
                e.getValue() == null || e.getValue().equals(ANY) ? List.of() : List.of(e.getValue())));
        levels.setId("level-filter");
        levels.setItems(IssueFilter.LEVELS);
        levels.setItemLabelGenerator(SearchShortcuts::capitalized);
        levels.setPlaceholder("Any");
        // the chosen levels by name, not a count in a collapsed chip
        levels.setAutoExpand(MultiSelectComboBox.AutoExpandMode.HORIZONTAL);
        levels.setMinWidth("9em");
        levels.addValueChangeListener(e -> choose(chosen, IssueSearch.LEVEL,
                IssueFilter.LEVELS.stream().filter(e.getValue()::contains).toList()));
        handled.setId("handled-filter");
        handled.setLabel("Mechanism");
        handled.setItems(ANY, "unhandled", "handled");
        handled.setWidth("9em");
        handled.setItemLabelGenerator(value -> value.equals(ANY) ? "Handled or not" : capitalized(value));
        handled.addValueChangeListener(e -> choose(chosen, IssueSearch.HANDLED, e.getValue() == null || e.getValue().equals(ANY)
                ? List.of() : List.of(e.getValue().equals("unhandled") ? "no" : "yes")));
        HorizontalLayout bar = getContent();
        bar.add(status, levels, handled);
        for (String key : VALUE_KEYS) {
            ComboBox<String> box = new ComboBox<>(key.equals("os") ? "OS" : capitalized(key));
            box.setId(key + "-filter");
            box.setPlaceholder("Any");
            box.setClearButtonVisible(true);
            box.setAllowCustomValue(true); // any value can be asked for, not only the project's most common ones
            box.addCustomValueSetListener(typed -> box.setValue(typed.getDetail()));
            box.setWidth(key.equals(IssueSearch.RELEASE) ? "7em" : "8em");
            box.addValueChangeListener(e -> choose(chosen, key, e.getValue() == null ? List.of() : List.of(e.getValue())));
            values.put(key, box);
            bar.add(box);
        }
        bar.setWrap(true);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        bar.getThemeList().add("spacing-s"); // all of them in one row on a laptop
    }

    /** Further controls before the shortcuts (the list's time range and sort), collapsing with them. */
    void addFirst(Component... controls) {
        for (int i = controls.length - 1; i >= 0; i--) {
            getContent().addComponentAsFirst(controls[i]);
        }
    }

    private void choose(BiConsumer<String, List<String>> chosen, String key, List<String> values) {
        if (!showing) {
            chosen.accept(key, values);
        }
    }

    /** The project's values of each key, most common first. */
    void setChoices(Map<String, List<String>> searchValues) {
        values.forEach((key, box) -> box.setItems(searchValues.getOrDefault(key, List.of())));
    }

    void show(IssueSearch search) {
        showing = true;
        try {
            List<String> is = search.plainValues(IssueSearch.IS);
            boolean anyStatus = search.filters().stream().noneMatch(f -> f.key().equals(IssueSearch.IS));
            status.setValue(anyStatus ? ANY : is.size() == 1 && STATUS_CHOICES.contains(is.getFirst()) ? is.getFirst() : null);
            levels.setValue(Set.copyOf(search.plainValues(IssueSearch.LEVEL)));
            List<String> handledValues = search.plainValues(IssueSearch.HANDLED);
            handled.setValue(handledValues.size() != 1 ? ANY : handledValues.getFirst().equals("no") ? "unhandled" : "handled");
            values.forEach((key, box) -> {
                List<String> plain = search.plainValues(key);
                box.setValue(plain.size() == 1 ? plain.getFirst() : null);
            });
        } finally {
            showing = false;
        }
    }

    static String capitalized(String value) {
        return value.isEmpty() ? value : Character.toUpperCase(value.charAt(0)) + value.substring(1);
    }
}
