package io.flytrap.core.alerts;

import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The words of an alert, and the escaping each format needs. Event data is attacker-controlled (anyone with a
 * public client key can send any title): in HTML it is entity-escaped, in Slack's mrkdwn {@code & < >} are escaped
 * (so no links or mentions can be injected), in Discord Markdown and mentions are neutralised, and in JSON the
 * serializer escapes it.
 */
public final class AlertContent {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final int MAX_TITLE = 300;

    private AlertContent() {
    }

    public static String headline(AlertMessage message) {
        return switch (message.reason()) {
            case "new_issue" -> "New issue";
            case "regression" -> "Regression";
            case "frequency" -> "Frequent issue";
            default -> "Test alert";
        };
    }

    /** A plain subject line: no line breaks (header injection), bounded length. */
    public static String subject(AlertMessage message) {
        return oneLine("[" + message.projectName() + "] " + headline(message) + ": " + title(message));
    }

    static String title(AlertMessage message) {
        String title = message.title() == null ? "" : message.title();
        return title.length() > MAX_TITLE ? title.substring(0, MAX_TITLE) + "…" : title;
    }

    /** The facts, label to value, in order; values are raw (escape for the format). */
    public static Map<String, String> facts(AlertMessage message) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Project", message.projectName());
        if (message.culprit() != null) facts.put("Culprit", message.culprit());
        if (message.level() != null) facts.put("Level", message.level());
        if (message.environment() != null) facts.put("Environment", message.environment());
        if (message.release() != null) facts.put("Release", message.release());
        if (message.issueId() != null) {
            facts.put("Events", Long.toString(message.eventCount()));
            facts.put("First seen", TIME.format(message.firstSeen()));
            facts.put("Last seen", TIME.format(message.lastSeen()));
        }
        return facts;
    }

    public static String text(AlertMessage message) {
        StringBuilder text = new StringBuilder(headline(message)).append(": ").append(title(message)).append("\n\n");
        facts(message).forEach((label, value) -> text.append(label).append(": ").append(oneLine(value)).append('\n'));
        return text.append('\n').append(message.link()).append('\n').toString();
    }

    public static String html(AlertMessage message) {
        StringBuilder html = new StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif\">")
                .append("<h2 style=\"margin:0 0 8px\">").append(escapeHtml(headline(message))).append(": ")
                .append(escapeHtml(title(message))).append("</h2><table cellpadding=\"4\">");
        facts(message).forEach((label, value) -> html.append("<tr><th align=\"left\">").append(escapeHtml(label))
                .append("</th><td>").append(escapeHtml(value)).append("</td></tr>"));
        return html.append("</table><p><a href=\"").append(escapeHtml(message.link())).append("\">Open the issue in Flytrap</a></p>")
                .append("</body></html>").toString();
    }

    public static String slack(AlertMessage message) {
        StringBuilder text = new StringBuilder("*").append(escapeSlack(headline(message))).append(":* ")
                .append(escapeSlack(oneLine(title(message)))).append('\n');
        facts(message).forEach((label, value) -> text.append(escapeSlack(label)).append(": ").append(escapeSlack(oneLine(value))).append('\n'));
        // the link is ours (public URL + issue id), so it may be a real link
        return text.append('<').append(message.link()).append("|Open in Flytrap>").toString();
    }

    public static String discord(AlertMessage message) {
        StringBuilder text = new StringBuilder("**").append(escapeDiscord(headline(message))).append(":** ")
                .append(escapeDiscord(oneLine(title(message)))).append('\n');
        facts(message).forEach((label, value) -> text.append(escapeDiscord(label)).append(": ").append(escapeDiscord(oneLine(value))).append('\n'));
        return text.append(message.link()).toString();
    }

    public static String escapeHtml(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Slack's control characters; with them escaped, {@code <!channel>} or {@code <http://x|y>} is plain text. */
    public static String escapeSlack(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Markdown characters and mention triggers escaped; the webhook also disables mentions entirely. */
    public static String escapeDiscord(String value) {
        return value.replaceAll("([\\\\*_~`|>#\\[\\]()<@-])", "\\\\$1");
    }

    static String oneLine(String value) {
        return value == null ? "" : value.replaceAll("[\\r\\n\\t]+", " ").strip();
    }
}
