package io.flytrap.dashboard.issues;

import io.flytrap.core.issues.IssueSearch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Completions for the search field: the last token of what was typed completed to a key ("lev" → "level:") or,
 * after "key:", to one of the key's values from the project's data (searchValues), keeping what comes before. Each
 * suggestion is the whole query, so choosing one puts it into the field as it is.
 */
final class SearchSuggestions {

    static final int MAX = 20;

    private final Map<String, List<String>> values;

    /** @param values the values of each key, most common first (IssueQueries.searchValues) */
    SearchSuggestions(Map<String, List<String>> values) {
        this.values = values;
    }

    List<String> complete(String typed) {
        String text = typed == null ? "" : typed;
        int start = lastTokenStart(text);
        String before = text.substring(0, start);
        String token = text.substring(start);
        String bang = token.startsWith("!") ? "!" : "";
        token = token.substring(bang.length());
        int colon = token.indexOf(':');
        Set<String> suggestions = new LinkedHashSet<>();
        if (colon < 0) {
            String partial = token.toLowerCase(Locale.ROOT);
            for (String key : keys()) {
                if (key.toLowerCase(Locale.ROOT).startsWith(partial) && suggestions.size() < MAX) {
                    suggestions.add(before + bang + key + ":");
                }
            }
        } else {
            String key = token.substring(0, colon);
            String partial = unquoted(token.substring(colon + 1)).toLowerCase(Locale.ROOT);
            List<String> known = values.getOrDefault(IssueSearch.KEYS.contains(key.toLowerCase(Locale.ROOT))
                    ? key.toLowerCase(Locale.ROOT) : key, List.of());
            // values that start with what was typed first, then those that contain it
            List<String> ordered = new ArrayList<>(known.stream().filter(v -> v.toLowerCase(Locale.ROOT).startsWith(partial)).toList());
            known.stream().filter(v -> !ordered.contains(v) && v.toLowerCase(Locale.ROOT).contains(partial)).forEach(ordered::add);
            for (String value : ordered) {
                if (suggestions.size() < MAX) {
                    suggestions.add(before + bang + new IssueSearch.Filter(key, value).toQueryString());
                }
            }
        }
        return List.copyOf(suggestions);
    }

    /** The token being typed, as the dropdown shows a suggestion: its last key:value or key. */
    static String lastToken(String suggestion) {
        String trimmed = suggestion.stripTrailing();
        return trimmed.substring(lastTokenStart(trimmed));
    }

    /** Known keys first, then the project's tag keys. */
    private List<String> keys() {
        Set<String> keys = new LinkedHashSet<>(IssueSearch.KEYS);
        keys.addAll(values.keySet());
        return List.copyOf(keys);
    }

    /** After the last space outside quotes. */
    private static int lastTokenStart(String text) {
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && (i == 0 || text.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (Character.isWhitespace(c) && !quoted) {
                start = i + 1;
            }
        }
        return start;
    }

    private static String unquoted(String value) {
        return value.startsWith("\"") ? value.substring(1).replace("\"", "") : value;
    }
}
