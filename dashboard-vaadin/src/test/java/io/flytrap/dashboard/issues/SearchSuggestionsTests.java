package io.flytrap.dashboard.issues;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The search field's completions: keys, then the project's values of the key being typed, keeping what came before. */
class SearchSuggestionsTests {

    private final SearchSuggestions suggestions = new SearchSuggestions(values());

    private static Map<String, List<String>> values() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("level", List.of("fatal", "error", "warning", "info", "debug"));
        values.put("browser", List.of("Chrome 120.0.6099", "Firefox 121.0"));
        values.put("customer", List.of("acme", "globex", "Acme West"));
        return values;
    }

    @Test
    void shouldCompleteKeysKnownAndTagged() {
        assertThat(suggestions.complete("is:unresolved le")).containsExactly("is:unresolved level:");
        assertThat(suggestions.complete("cu")).containsExactly("customer:");
        assertThat(suggestions.complete("!LE")).as("negation kept, case-insensitive").containsExactly("!level:");
        assertThat(suggestions.complete("")).startsWith("is:", "level:", "release:").contains("customer:");
    }

    @Test
    void shouldCompleteValuesQuotingWhereNeeded() {
        assertThat(suggestions.complete("level:e")).as("starting with it first, then containing it")
                .containsExactly("level:error", "level:debug");
        assertThat(suggestions.complete("x browser:ch")).containsExactly("x browser:\"Chrome 120.0.6099\"");
        assertThat(suggestions.complete("customer:ac")).containsExactly("customer:acme", "customer:\"Acme West\"");
        assertThat(suggestions.complete("customer:\"Acme W")).containsExactly("customer:\"Acme West\"");
        assertThat(suggestions.complete("unknown:x")).isEmpty();
    }

    @Test
    void shouldShowTheTokenEachSuggestionCompletes() {
        assertThat(SearchSuggestions.lastToken("is:unresolved browser:\"Chrome 120.0.6099\"")).isEqualTo("browser:\"Chrome 120.0.6099\"");
        assertThat(SearchSuggestions.lastToken("level:")).isEqualTo("level:");
    }
}
