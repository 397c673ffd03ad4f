package io.flytrap.core.issues;

import io.flytrap.core.issues.IssueSearch.Filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Sentry's issue search syntax into an {@link IssueSearch}. Tokens are separated by whitespace:
 * {@code key:value}, {@code key:"quoted value"}, {@code key:[a,"b c"]}, {@code !key:value}, {@code has:key},
 * {@code "a phrase"} and plain words. {@code assigned:me} means whoever searches; {@code is:unassigned} is
 * {@code !has:assignee}. Inside quotes, {@code \"} is a quote and {@code \\} a backslash. Values are
 * only ever data: the SQL binds them as parameters, LIKE wildcards in free text are escaped there.
 */
final class IssueSearchParser {

    private final String query;
    private int pos;
    private final List<Filter> filters = new ArrayList<>();
    private final List<String> text = new ArrayList<>();

    private IssueSearchParser(String query) {
        this.query = query;
    }

    static IssueSearch parse(String query) {
        if (query == null || query.isBlank()) {
            return IssueSearch.empty();
        }
        if (query.length() > IssueSearch.MAX_QUERY_LENGTH) {
            throw new InvalidSearchException("The search is too long (at most " + IssueSearch.MAX_QUERY_LENGTH + " characters)");
        }
        IssueSearchParser parser = new IssueSearchParser(query);
        parser.tokens();
        return new IssueSearch(parser.filters, parser.text);
    }

    private void tokens() {
        while (true) {
            while (pos < query.length() && Character.isWhitespace(query.charAt(pos))) {
                pos++;
            }
            if (pos >= query.length()) {
                return;
            }
            token();
            if (filters.size() > IssueSearch.MAX_FILTERS) {
                throw new InvalidSearchException("Too many filters (at most " + IssueSearch.MAX_FILTERS + ")");
            }
            if (text.size() > IssueSearch.MAX_TEXT_ITEMS) {
                throw new InvalidSearchException("Too many words to search for (at most " + IssueSearch.MAX_TEXT_ITEMS + ")");
            }
        }
    }

    private void token() {
        int start = pos;
        boolean negated = query.charAt(pos) == '!';
        if (negated) {
            pos++;
        }
        if (pos < query.length() && query.charAt(pos) == '"') {
            if (negated) {
                throw new InvalidSearchException("\"!\" negates a key:value filter, such as !level:info (at position "
                        + (start + 1) + "); quote it to search for the text: \"!word\"");
            }
            text.add(checkedText(quoted(), start));
            return;
        }
        int keyStart = pos;
        while (pos < query.length() && isKeyChar(query.charAt(pos))) {
            pos++;
        }
        if (pos > keyStart && pos < query.length() && query.charAt(pos) == ':') {
            String key = query.substring(keyStart, pos);
            pos++;
            filters.add(filter(key, values(key), negated));
            return;
        }
        if (negated) {
            throw new InvalidSearchException("\"!\" negates a key:value filter, such as !level:info (at position "
                    + (start + 1) + "); quote it to search for the text: \"!word\"");
        }
        pos = start;
        text.add(checkedText(word(), start));
    }

    /** The value after "key:": one value, quoted or not, or a bracketed list. */
    private List<String> values(String key) {
        if (pos >= query.length() || Character.isWhitespace(query.charAt(pos))) {
            throw new InvalidSearchException(key + ": needs a value (at position " + pos + "), such as " + key + ":value");
        }
        if (query.charAt(pos) == '"') {
            String value = quoted();
            endOfToken();
            return List.of(value);
        }
        if (query.charAt(pos) != '[') {
            return List.of(word());
        }
        int open = pos++;
        List<String> values = new ArrayList<>();
        while (true) {
            while (pos < query.length() && query.charAt(pos) == ' ') {
                pos++;
            }
            if (pos >= query.length()) {
                throw new InvalidSearchException("Unclosed \"[\" at position " + (open + 1) + ": end the list of values with \"]\"");
            }
            String value;
            if (query.charAt(pos) == '"') {
                value = quoted();
            } else {
                int start = pos;
                while (pos < query.length() && ",]".indexOf(query.charAt(pos)) < 0 && !Character.isWhitespace(query.charAt(pos))) {
                    pos++;
                }
                value = query.substring(start, pos);
            }
            while (pos < query.length() && query.charAt(pos) == ' ') {
                pos++;
            }
            if (value.isEmpty()) {
                throw new InvalidSearchException(key + ": has an empty value in its list (at position " + (pos + 1) + ")");
            }
            values.add(value);
            if (pos < query.length() && query.charAt(pos) == ',') {
                pos++;
            } else if (pos < query.length() && query.charAt(pos) == ']') {
                pos++;
                endOfToken();
                return values;
            } else {
                throw new InvalidSearchException("Unclosed \"[\" at position " + (open + 1) + ": separate values with \",\" and end the list with \"]\"");
            }
        }
    }

    /** A quoted string from the opening quote at pos, with \" and \\ as escapes. */
    private String quoted() {
        int open = pos++;
        StringBuilder value = new StringBuilder();
        while (pos < query.length()) {
            char c = query.charAt(pos++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\' && pos < query.length() && (query.charAt(pos) == '"' || query.charAt(pos) == '\\')) {
                c = query.charAt(pos++);
            }
            value.append(c);
        }
        throw new InvalidSearchException("Unterminated quote at position " + (open + 1) + ": close it with another \"");
    }

    /** Up to the next whitespace. */
    private String word() {
        int start = pos;
        while (pos < query.length() && !Character.isWhitespace(query.charAt(pos))) {
            pos++;
        }
        return query.substring(start, pos);
    }

    private void endOfToken() {
        if (pos < query.length() && !Character.isWhitespace(query.charAt(pos))) {
            throw new InvalidSearchException("Expected a space after position " + pos + ", found \"" + query.charAt(pos) + "\"");
        }
    }

    private static boolean isKeyChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-');
    }

    private static String checkedText(String text, int at) {
        if (text.isBlank()) {
            throw new InvalidSearchException("Empty quotes at position " + (at + 1));
        }
        if (text.length() > IssueSearch.MAX_VALUE_LENGTH) {
            throw new InvalidSearchException("Search text must be at most " + IssueSearch.MAX_VALUE_LENGTH + " characters");
        }
        return text;
    }

    /** Known keys in their canonical spelling and with their values checked; any other key is a tag. */
    private static Filter filter(String writtenKey, List<String> values, boolean negated) {
        String lower = writtenKey.toLowerCase(Locale.ROOT);
        String key = IssueSearch.KEYS.contains(lower) ? lower : writtenKey;
        if (values.size() > IssueSearch.MAX_VALUES) {
            throw new InvalidSearchException(key + ": takes at most " + IssueSearch.MAX_VALUES + " values");
        }
        for (String value : values) {
            if (value.length() > IssueSearch.MAX_VALUE_LENGTH) {
                throw new InvalidSearchException(key + ": values must be at most " + IssueSearch.MAX_VALUE_LENGTH + " characters");
            }
        }
        return switch (key) {
            case IssueSearch.IS -> AssignmentTerms.isAssigned(values, negated)
                    .orElseGet(() -> new Filter(key, oneOf(key, values, IssueSearch.IS_VALUES), negated));
            case IssueSearch.ASSIGNED -> new Filter(key, values.stream().map(AssignmentTerms::assignee).distinct().toList(), negated);
            case IssueSearch.LEVEL -> new Filter(key, oneOf(key, values, IssueFilter.LEVELS), negated);
            case IssueSearch.HANDLED -> new Filter(key, values.stream().map(IssueSearchParser::yesOrNo).distinct().toList(), negated);
            case IssueSearch.HAS -> new Filter(key, List.of(hasKey(values)), negated);
            default -> new Filter(key, values, negated);
        };
    }

    private static List<String> oneOf(String key, List<String> values, List<String> allowed) {
        List<String> lower = values.stream().map(v -> v.toLowerCase(Locale.ROOT)).distinct().toList();
        for (String value : lower) {
            if (!allowed.contains(value)) {
                throw new InvalidSearchException(key + ": must be one of " + String.join(", ", allowed) + " (not \"" + value + "\")");
            }
        }
        return lower;
    }

    private static String yesOrNo(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "1" -> "yes";
            case "no", "false", "0" -> "no";
            default -> throw new InvalidSearchException("handled: must be yes or no (not \"" + value + "\")");
        };
    }

    private static String hasKey(List<String> values) {
        if (values.size() != 1) {
            throw new InvalidSearchException("has: takes one key, such as has:user.email");
        }
        String value = values.getFirst();
        String lower = value.toLowerCase(Locale.ROOT);
        if (List.of(IssueSearch.IS, IssueSearch.LEVEL, IssueSearch.HANDLED, IssueSearch.HAS).contains(lower)) {
            throw new InvalidSearchException("has: takes a tag, release, environment, assignee, user.email, user.id, browser, os or device; every issue has " + lower);
        }
        if (lower.equals(IssueSearch.ASSIGNED) || lower.equals(IssueSearch.ASSIGNEE)) {
            return IssueSearch.ASSIGNEE;
        }
        if (!value.chars().allMatch(c -> isKeyChar((char) c))) {
            throw new InvalidSearchException("has: takes a key of letters, digits, \".\", \"_\" and \"-\" (not \"" + value + "\")");
        }
        return IssueSearch.KEYS.contains(lower) ? lower : value;
    }
}
