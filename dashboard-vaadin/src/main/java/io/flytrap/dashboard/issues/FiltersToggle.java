package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;

/**
 * The "Filters" button that shows or hides the search's shortcut controls, time range and sort, so the list gets
 * the screen. Collapsed at first (on a phone and on a laptop alike: ten labelled controls take two rows beside the
 * navigation drawer); once the user opened or closed them, the browser remembers it (localStorage).
 */
class FiltersToggle extends Composite<Button> {

    static final String STORAGE_KEY = "flytrap.issue-filters";

    private final Component panel;

    FiltersToggle(Component panel) {
        this.panel = panel;
        Button button = getContent();
        button.setText("Filters");
        button.setIcon(VaadinIcon.FILTER.create());
        button.setId("filters-toggle");
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        button.addClickListener(click -> {
            show(!panel.isVisible());
            button.getElement().executeJs("localStorage.setItem($0, $1)", STORAGE_KEY, panel.isVisible() ? "open" : "closed");
        });
        panel.setVisible(false);
    }

    @Override
    protected void onAttach(AttachEvent attach) {
        getElement().executeJs("const chosen = localStorage.getItem($0);"
                        + "return chosen === 'open'", STORAGE_KEY)
                .then(Boolean.class, this::show);
    }

    private void show(boolean open) {
        panel.setVisible(open);
        getContent().getElement().setAttribute("aria-expanded", Boolean.toString(open));
    }
}
