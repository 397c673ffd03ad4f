package io.flytrap.core.grouping;

import java.util.List;
import java.util.Locale;

/**
 * A project's own answer to "is this frame our code?", for frames whose SDK did not say (grouping version 3).
 * Each rule is a module or package prefix ({@code com.example.}, {@code myapp}) or a piece of a file path
 * ({@code src/}, {@code vendor/}). Include wins over exclude, so a team can exclude {@code com.example.} and still
 * include {@code com.example.shop.}.
 */
public record InAppRules(List<String> include, List<String> exclude) {

    public static final InAppRules NONE = new InAppRules(List.of(), List.of());
    public static final int MAX_RULES = 50;
    public static final int MAX_RULE_LENGTH = 200;

    public InAppRules {
        include = clean(include);
        exclude = clean(exclude);
        if (include.size() > MAX_RULES || exclude.size() > MAX_RULES) {
            throw new IllegalArgumentException("Keep to at most " + MAX_RULES + " rules in each list.");
        }
        if (include.stream().anyMatch(r -> r.length() > MAX_RULE_LENGTH) || exclude.stream().anyMatch(r -> r.length() > MAX_RULE_LENGTH)) {
            throw new IllegalArgumentException("Each in-app rule can be at most " + MAX_RULE_LENGTH + " characters long.");
        }
    }

    /** One rule per line, as the settings form and the API take them. */
    public static List<String> lines(String text) {
        return text == null ? List.of() : text.lines().toList();
    }

    private static List<String> clean(List<String> rules) {
        return rules == null ? List.of() : rules.stream().map(String::strip).filter(r -> !r.isEmpty()).distinct().toList();
    }

    /** TRUE or FALSE when a rule decides the frame, null when none does. */
    Boolean decide(String module, String file) {
        if (matchesAny(include, module, file)) {
            return Boolean.TRUE;
        }
        return matchesAny(exclude, module, file) ? Boolean.FALSE : null;
    }

    static boolean matchesAny(List<String> rules, String module, String file) {
        for (String rule : rules) {
            if (module != null && module.startsWith(rule)) {
                return true;
            }
            if (file != null && file.toLowerCase(Locale.ROOT).contains(rule.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
