package io.flytrap.core.issues;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An issue search in Sentry's syntax, parsed: {@code is:unresolved level:error !browser:"Chrome 120" has:user.email
 * release:[1.0,1.1] checkout}. Filters must all hold; several values of one filter mean any of them; free text words
 * (or quoted phrases) must each occur in the title, culprit or message. The canonical text ({@link #toQueryString()})
 * is what URLs carry, and parses back to an equal search.
 *
 * @param filters key:value filters, in the order written
 * @param text    free text words and phrases, in the order written
 */
public record IssueSearch(List<Filter> filters, List<String> text) {

    /** What the issue list shows when nothing else is asked for. */
    public static final String DEFAULT_QUERY = "is:unresolved";
    public static final int MAX_QUERY_LENGTH = 1_000;
    public static final int MAX_FILTERS = 20;
    public static final int MAX_VALUES = 20;
    /** Sentry's limit for tag values; longer values are not recorded, so could never match. */
    public static final int MAX_VALUE_LENGTH = 200;
    public static final int MAX_TEXT_ITEMS = 10;

    public static final String IS = "is";
    public static final String LEVEL = "level";
    public static final String RELEASE = "release";
    public static final String ENVIRONMENT = "environment";
    public static final String HANDLED = "handled";
    public static final String HAS = "has";
    /** {@code assigned:me} or {@code assigned:<e-mail>}: assigned to the searcher or to that member. */
    public static final String ASSIGNED = "assigned";
    /** What {@code has:assignee} asks for; {@code is:unassigned} is read as {@code !has:assignee}. */
    public static final String ASSIGNEE = "assignee";
    public static final String ME = "me";
    /** Keys whose values are recorded per issue like tags (issue_tags), beside the events' own tags. */
    public static final List<String> RECORDED_KEYS = List.of("user.email", "user.id", "user.username", "browser", "os",
            "device");
    /** Keys with a meaning of their own; any other key names a tag. */
    public static final List<String> KEYS = Stream.concat(Stream.of(IS, LEVEL, RELEASE, ENVIRONMENT, HANDLED, HAS, ASSIGNED),
            RECORDED_KEYS.stream()).toList();
    /** The statuses, and regressed: unresolved again after being resolved. */
    public static final List<String> IS_VALUES = Stream.concat(IssueFilter.STATUSES.stream(), Stream.of("regressed")).toList();
    public static final List<String> HANDLED_VALUES = List.of("yes", "no");

    /**
     * One key:value filter.
     *
     * @param key     a known key (lower case) or a tag key as written
     * @param values  any of these; for has: the key that must have a value
     * @param negated written with a leading "!": no issue matching the filter
     */
    public record Filter(String key, List<String> values, boolean negated) {
        public Filter {
            Objects.requireNonNull(key);
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException(key + ": needs a value");
            }
        }

        public Filter(String key, String value) {
            this(key, List.of(value), false);
        }

        /** Neither a known key nor a tag key spelled like one: a tag, as in Sentry. */
        public boolean isTag() {
            return !KEYS.contains(key);
        }

        public String toQueryString() {
            String value = values.size() == 1 ? quotedIfNeeded(values.getFirst())
                    : values.stream().map(IssueSearch::quotedIfNeeded).collect(Collectors.joining(",", "[", "]"));
            return (negated ? "!" : "") + key + ":" + value;
        }
    }

    public IssueSearch {
        filters = List.copyOf(filters);
        text = List.copyOf(text);
    }

    /** Parses Sentry's issue search syntax; {@link InvalidSearchException} says what is wrong and where. */
    public static IssueSearch parse(String query) {
        return IssueSearchParser.parse(query);
    }

    public static IssueSearch empty() {
        return new IssueSearch(List.of(), List.of());
    }

    public boolean isEmpty() {
        return filters.isEmpty() && text.isEmpty();
    }

    /** The canonical text: filters in order, then free text; values quoted only where they must be. */
    public String toQueryString() {
        return Stream.concat(filters.stream().map(Filter::toQueryString), text.stream().map(IssueSearch::quotedTextIfNeeded))
                .collect(Collectors.joining(" "));
    }

    /**
     * The values of the one plain (not negated) filter on the key, or an empty list when there is none or the
     * search says something a single choice cannot show (a negation, the key twice): what a shortcut control shows.
     */
    public List<String> plainValues(String key) {
        List<Filter> onKey = filters.stream().filter(f -> f.key().equals(key)).toList();
        return onKey.size() == 1 && !onKey.getFirst().negated() ? onKey.getFirst().values() : List.of();
    }

    /**
     * This search with every filter on the key replaced by key:values (none when values is empty), checked like
     * typed text: an {@link InvalidSearchException} for a value the key does not take.
     */
    public IssueSearch with(String key, List<String> values) {
        List<Filter> kept = new ArrayList<>();
        boolean placed = false;
        for (Filter filter : filters) {
            if (!filter.key().equals(key)) {
                kept.add(filter);
            } else if (!placed && !values.isEmpty()) {
                kept.add(new Filter(key, values, false)); // where the old one was, so the query reads the same
                placed = true;
            }
        }
        if (!placed && !values.isEmpty()) {
            kept.add(new Filter(key, values, false));
        }
        return parse(new IssueSearch(kept, text).toQueryString());
    }

    @Override
    public String toString() {
        return toQueryString();
    }

    private static String quotedIfNeeded(String value) {
        return value.isEmpty() || value.chars().anyMatch(c -> Character.isWhitespace(c) || "\"[],\\".indexOf(c) >= 0)
                ? quoted(value) : value;
    }

    /** Free text is quoted also where it would otherwise read as a filter or a negation. */
    private static String quotedTextIfNeeded(String text) {
        return text.startsWith("!") || text.contains(":") || text.startsWith("[") ? quoted(text) : quotedIfNeeded(text);
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
