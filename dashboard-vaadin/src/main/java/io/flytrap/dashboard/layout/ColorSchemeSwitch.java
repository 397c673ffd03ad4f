package io.flytrap.dashboard.layout;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.page.ColorScheme;
import com.vaadin.flow.component.select.Select;

/**
 * Light, dark, or whatever the system says (the default). The choice is the browser's, kept in its localStorage:
 * a colour scheme is a property of the screen someone sits at, not of their account, and the page applies it
 * before its first paint (AppShell runs {@link #APPLY_STORED_CHOICE}).
 */
public class ColorSchemeSwitch extends Composite<Select<ColorSchemeSwitch.Choice>> {

    static final String STORAGE_KEY = "flytrap.colorScheme";

    /** Sets the stored choice on the page; without one the page keeps AppShell's "light dark" (the system's). */
    public static final String APPLY_STORED_CHOICE = """
            (function () {
              try {
                var chosen = localStorage.getItem('%s');
                if (chosen === 'light' || chosen === 'dark') {
                  document.documentElement.setAttribute('theme', chosen);
                  document.documentElement.style.colorScheme = chosen;
                }
              } catch (e) { /* storage blocked: the system's scheme it is */ }
            })();""".formatted(STORAGE_KEY);

    /** What the user can choose, with the value stored for it (null: nothing stored). */
    public enum Choice {
        SYSTEM("Match system", null, ColorScheme.Value.LIGHT_DARK),
        LIGHT("Light", "light", ColorScheme.Value.LIGHT),
        DARK("Dark", "dark", ColorScheme.Value.DARK);

        private final String label;
        private final String stored;
        private final ColorScheme.Value scheme;

        Choice(String label, String stored, ColorScheme.Value scheme) {
            this.label = label;
            this.stored = stored;
            this.scheme = scheme;
        }

        static Choice fromStored(String stored) {
            for (Choice choice : values()) {
                if (choice.stored != null && choice.stored.equals(stored)) {
                    return choice;
                }
            }
            return SYSTEM;
        }
    }

    public ColorSchemeSwitch() {
        Select<Choice> select = getContent();
        select.setId("color-scheme");
        select.setAriaLabel("Colour scheme");
        select.setItems(Choice.values());
        select.setItemLabelGenerator(choice -> choice.label);
        select.setValue(Choice.SYSTEM);
        select.setWidth("10em");
        select.addValueChangeListener(change -> {
            if (change.isFromClient()) {
                apply(change.getValue());
            }
        });
    }

    @Override
    protected void onAttach(AttachEvent attach) {
        attach.getUI().getPage().executeJs("try { return localStorage.getItem($0); } catch (e) { return null; }", STORAGE_KEY)
                .then(String.class, stored -> getContent().setValue(Choice.fromStored(stored)));
    }

    private void apply(Choice choice) {
        getUI().ifPresent(ui -> {
            ui.getPage().setColorScheme(choice.scheme);
            ui.getPage().executeJs("""
                    try { if ($1) { localStorage.setItem($0, $1); } else { localStorage.removeItem($0); } } catch (e) {}""",
                    STORAGE_KEY, choice.stored);
        });
    }
}
