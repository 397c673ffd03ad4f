package io.flytrap.core.issues;

import java.time.Duration;
import java.util.List;

/**
 * What the issue list shows: the search (every criterion of the list is a term of it, also those the list's
 * shortcut controls and older URLs set), how recently the issues were seen, and the order. As in Sentry, the time
 * range and the order are not part of the query.
 *
 * @param search     the parsed query; empty means every issue
 * @param seenWithin last seen within this long before now (24 h, 7 days, …); null for any time
 */
public record IssueFilter(IssueSearch search, Duration seenWithin, IssueSort sort) {

    /** In the order a triage list offers them. */
    public static final List<String> STATUSES = List.of("unresolved", "resolved", "ignored");
    /** Most severe first. */
    public static final List<String> LEVELS = List.of("fatal", "error", "warning", "info", "debug");
    /** The facets the list filters by, beside environment and release. */
    public static final List<String> CONTEXTS = List.of("browser", "os", "device");

    public IssueFilter {
        search = search == null ? IssueSearch.empty() : search;
        sort = sort == null ? IssueSort.LAST_SEEN : sort;
        if (seenWithin != null && (seenWithin.isNegative() || seenWithin.isZero())) {
            throw new IllegalArgumentException("the time range must be positive");
        }
    }

    /** The query in Sentry's syntax (see {@link IssueSearch}); an {@link InvalidSearchException} if it cannot be read. */
    public static IssueFilter of(String query, IssuePeriod period, IssueSort sort) {
        return new IssueFilter(IssueSearch.parse(query), period == null ? null : period.duration(), sort);
    }

    /** The list a triage starts from: open issues, most recently seen first. */
    public static IssueFilter unresolved() {
        return of(IssueSearch.DEFAULT_QUERY, null, IssueSort.LAST_SEEN);
    }

    /** Every issue of the project. */
    public static IssueFilter all() {
        return new IssueFilter(IssueSearch.empty(), null, IssueSort.LAST_SEEN);
    }
}
