package io.flytrap.core.issues;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the issue list shows: every criterion is optional (null or empty means "any").
 *
 * @param statuses    any of these statuses
 * @param levels      any of these levels (fatal, error, warning, info, debug)
 * @param unhandled   true: only issues with an unhandled event; false: only handled ones
 * @param environment seen in this environment
 * @param release     seen in this release
 * @param seenWithin  last seen within this long before now (24 h, 7 days, …)
 * @param text        words that must all occur in the title or culprit (case-insensitive)
 * @param contexts    browser, os or device (by name) an event of the issue had, exactly as the issue page's facets
 *                    show it ("Chrome 120.0.6099")
 */
public record IssueFilter(Set<String> statuses, Set<String> levels, Boolean unhandled, String environment,
                          String release, Duration seenWithin, String text, IssueSort sort, Map<String, String> contexts) {

    static final int MAX_TEXT_LENGTH = 200;
    /** In the order a triage list offers them. */
    public static final List<String> STATUSES = List.of("unresolved", "resolved", "ignored");
    /** Most severe first. */
    public static final List<String> LEVELS = List.of("fatal", "error", "warning", "info", "debug");
    /** The facets the list filters by, beside environment and release. */
    public static final List<String> CONTEXTS = List.of("browser", "os", "device");

    public IssueFilter {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        levels = levels == null ? Set.of() : Set.copyOf(levels);
        sort = sort == null ? IssueSort.LAST_SEEN : sort;
        environment = blankToNull(environment);
        release = blankToNull(release);
        text = blankToNull(text);
        Map<String, String> chosen = new TreeMap<>();
        if (contexts != null) {
            contexts.forEach((name, value) -> {
                if (blankToNull(value) != null) {
                    chosen.put(name, value.strip());
                }
            });
        }
        contexts = Map.copyOf(chosen);
        if (!CONTEXTS.containsAll(contexts.keySet())) {
            throw new IllegalArgumentException("context filters must be among " + CONTEXTS);
        }
        if (contexts.values().stream().anyMatch(value -> value.length() > MAX_TEXT_LENGTH)) {
            throw new IllegalArgumentException("a browser, os or device must be at most " + MAX_TEXT_LENGTH + " characters");
        }
        if (!STATUSES.containsAll(statuses)) {
            throw new IllegalArgumentException("status must be one of " + STATUSES);
        }
        if (!LEVELS.containsAll(levels)) {
            throw new IllegalArgumentException("level must be one of " + LEVELS);
        }
        if (seenWithin != null && (seenWithin.isNegative() || seenWithin.isZero())) {
            throw new IllegalArgumentException("the time range must be positive");
        }
        if (text != null && text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("search text must be at most " + MAX_TEXT_LENGTH + " characters");
        }
    }

    public IssueFilter(Set<String> statuses, Set<String> levels, Boolean unhandled, String environment, String release,
                       Duration seenWithin, String text, IssueSort sort) {
        this(statuses, levels, unhandled, environment, release, seenWithin, text, sort, Map.of());
    }

    /** The list a triage starts from: open issues, most recently seen first. */
    public static IssueFilter unresolved() {
        return new IssueFilter(Set.of("unresolved"), null, null, null, null, null, null, IssueSort.LAST_SEEN);
    }

    /** Every issue of the project. */
    public static IssueFilter all() {
        return new IssueFilter(null, null, null, null, null, null, null, IssueSort.LAST_SEEN);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
