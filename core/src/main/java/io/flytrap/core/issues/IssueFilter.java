package io.flytrap.core.issues;

import java.time.Duration;
import java.util.List;
import java.util.Set;

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
 */
public record IssueFilter(Set<String> statuses, Set<String> levels, Boolean unhandled, String environment,
                          String release, Duration seenWithin, String text, IssueSort sort) {

    static final int MAX_TEXT_LENGTH = 200;
    /** In the order a triage list offers them. */
    public static final List<String> STATUSES = List.of("unresolved", "resolved", "ignored");
    /** Most severe first. */
    public static final List<String> LEVELS = List.of("fatal", "error", "warning", "info", "debug");

    public IssueFilter {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        levels = levels == null ? Set.of() : Set.copyOf(levels);
        sort = sort == null ? IssueSort.LAST_SEEN : sort;
        environment = blankToNull(environment);
        release = blankToNull(release);
        text = blankToNull(text);
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
