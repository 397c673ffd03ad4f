package io.flytrap.core.projects;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a project's "Create in tracker" button leads: an http(s) URL with placeholders, such as
 * {@code https://github.com/acme/shop/issues/new?title={title}&body={url}}. Each placeholder is replaced by the
 * issue's value, percent-encoded, so no title can add a parameter, change the path or leave the tracker's host.
 * The host itself is fixed: placeholders may stand only after it.
 */
public record TrackerTemplate(String template) {

    public static final List<String> PLACEHOLDERS = List.of("title", "url", "culprit", "id", "project");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    /** The values an issue puts into the template; null stands for nothing. */
    public record Values(String title, String url, String culprit, long id, String project) {
    }

    /** Checked: an {@link IllegalArgumentException} saying what is wrong. */
    public TrackerTemplate {
        String sample = PLACEHOLDER.matcher(template == null ? "" : template.strip()).replaceAll(match -> {
            if (!PLACEHOLDERS.contains(match.group(1))) {
                throw new IllegalArgumentException("The tracker template has an unknown placeholder {" + match.group(1)
                        + "}; use " + String.join(", ", PLACEHOLDERS.stream().map(p -> "{" + p + "}").toList()) + ".");
            }
            return "x";
        });
        if (sample.indexOf('{') >= 0 || sample.indexOf('}') >= 0) {
            throw new IllegalArgumentException("The tracker template has a \"{\" or \"}\" that is not part of a placeholder such as {title}.");
        }
        WebAddress.require(sample, "tracker template");
        template = template.strip();
        Matcher authority = Pattern.compile("^[a-zA-Z]+://[^/?#]*").matcher(template);
        if (authority.find() && authority.group().contains("{")) {
            throw new IllegalArgumentException("Placeholders belong in the path or the query of the tracker template, not in its host.");
        }
    }

    /** The template filled in for one issue. */
    public String expand(Values values) {
        Map<String, String> byName = Map.of("title", nullToEmpty(values.title()), "url", nullToEmpty(values.url()),
                "culprit", nullToEmpty(values.culprit()), "id", Long.toString(values.id()),
                "project", nullToEmpty(values.project()));
        return PLACEHOLDER.matcher(template).replaceAll(match -> Matcher.quoteReplacement(encoded(byName.get(match.group(1)))));
    }

    /** Percent-encoding for any part of a URL: a space is %20 (not "+", which a path keeps as a plus). */
    static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
