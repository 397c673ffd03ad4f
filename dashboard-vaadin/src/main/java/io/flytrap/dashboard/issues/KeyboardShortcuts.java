package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.ClientCallable;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Single-key shortcuts of a page (the issue list, the issue page), in the manner of Sentry and Gmail: one keydown
 * listener on the document sends the key here, and "?" lists them in a dialog. Keys typed into a field (search,
 * combo boxes, dialogs' inputs) or pressed with Ctrl, Alt or Meta are left to the browser, so typing "r" in the
 * search never resolves an issue. (SearchShortcuts is something else: the filter controls that edit the search.)
 * <p>
 * An empty element without a size: invisible components do not receive calls from the browser.
 */
class KeyboardShortcuts extends Div {

    static final String HELP_KEY = "?";

    /** Keys as KeyboardEvent.key gives them ("j", "Enter", "/"), with what they do, in the order shown. */
    private final Map<String, Binding> bindings = new LinkedHashMap<>();

    private record Binding(String description, Runnable action) {
    }

    KeyboardShortcuts(String id) {
        setId(id);
        addClassName("keyboard-shortcuts");
    }

    KeyboardShortcuts on(String key, String description, Runnable action) {
        bindings.put(key, new Binding(description, action));
        return this;
    }

    @Override
    protected void onAttach(AttachEvent attach) {
        // the listener removes itself once the page is left (its host element is no longer in the document), and a
        // re-attached view replaces its old listener instead of adding a second one
        getElement().executeJs("""
                const host = this;
                const keys = $0.split(' ');
                if (host._flytrapKeys) document.removeEventListener('keydown', host._flytrapKeys);
                const typing = el => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
                const handler = e => {
                  if (!host.isConnected) { document.removeEventListener('keydown', handler); return; }
                  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
                  if (!keys.includes(e.key) || typing(e.composedPath()[0]) || typing(document.activeElement?.shadowRoot?.activeElement)) return;
                  // an open dialog (a confirmation, this help) takes the keys, not the page under it
                  if (document.querySelector('vaadin-dialog[opened], vaadin-confirm-dialog[opened]')) return;
                  e.preventDefault();
                  host.$server.pressed(e.key);
                };
                host._flytrapKeys = handler;
                document.addEventListener('keydown', handler);""", String.join(" ", keys()));
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>(bindings.keySet());
        keys.add(HELP_KEY);
        return keys;
    }

    @ClientCallable
    void pressed(String key) {
        if (HELP_KEY.equals(key)) {
            help();
            return;
        }
        Binding binding = bindings.get(key);
        if (binding != null) { // the browser only sends the keys it was given, but it is the browser
            binding.action().run();
        }
    }

    /** The dialog listing every key of the page. */
    void help() {
        Dialog dialog = new Dialog();
        dialog.setId("keyboard-help");
        dialog.setHeaderTitle("Keyboard shortcuts");
        Div list = new Div();
        list.addClassName("keyboard-help");
        bindings.forEach((key, binding) -> list.add(row(key, binding.description())));
        list.add(row(HELP_KEY, "Show this list"));
        dialog.add(list, new Paragraph("Not while typing in a field."));
        dialog.addClassName("dialog-form");
        dialog.open();
    }

    private static Div row(String key, String description) {
        Span keyCap = new Span(key);
        keyCap.addClassName("key-cap");
        Div row = new Div(keyCap, new Span(description));
        row.addClassName("keyboard-help-row");
        return row;
    }
}
