package io.flytrap.core.scrubbing;

import io.flytrap.core.event.Breadcrumb;
import io.flytrap.core.event.ClientInfo;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.ExceptionInfo;
import io.flytrap.core.event.RequestInfo;
import io.flytrap.core.event.UserInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server-side scrubbing, whatever the SDK did: values under sensitive names (password, token, api_key, ...),
 * and in any text "password=..."-style assignments, bearer tokens and credit-card numbers, the Authorization and Cookie headers, and optionally
 * end users' IP addresses. The event records where something was masked, never the value.
 */
public final class Scrubber {

    public static final String MASK = "[Filtered]";

    /** Whole words of a field name (split on anything but letters and digits) that mark it sensitive. */
    private static final Set<String> SENSITIVE_WORDS = Set.of("password", "passwd", "pwd", "secret", "token", "auth",
            "authorization", "authentication", "credentials", "credential", "otp", "cookie", "cookies", "apikey",
            "privatekey", "sessionid", "csrf", "xsrf", "jwt", "signature", "passphrase");
    /** Names that are sensitive as a whole even though no single word is (api_key, private_key, mysql_pwd). */
    private static final Set<String> SENSITIVE_JOINED = Set.of("apikey", "privatekey", "mysqlpwd", "accesskey",
            "secretkey", "clientsecret", "sessionid", "setcookie");
    /** "password=...", "api_key: ..." written into a message or a URL. */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)\\b((?:[a-z0-9]+[_-])?(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|authorization|private[_-]?key|credentials))"
                    + "(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s&,;]+)");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|token)\\s+[a-z0-9._~+/=-]{8,}");
    /** Card numbers by their issuers' prefixes (Visa, Mastercard, Amex, Discover), so timestamps and ids are left alone. */
    private static final Pattern CARD_CANDIDATE = Pattern.compile(
            "\\b(?:4\\d{3}|5[1-5]\\d{2}|2[2-7]\\d{2}|3[47]\\d{2}|6(?:011|5\\d{2}))(?:[ -]?\\d){9,15}\\b");

    private Scrubber() {
    }

    public static Event scrub(Event event, ScrubbingSettings settings) {
        if (!settings.enabled() && !settings.removeAddresses()) {
            return event;
        }
        Run run = new Run(settings);
        return run.event(event);
    }

    static boolean sensitiveName(String name) {
        if (name == null) {
            return false;
        }
        return SENSITIVE_NAMES.computeIfAbsent(name, Scrubber::classify);
    }

    /** Field names repeat endlessly (header and context keys), so each is classified once. */
    private static final Map<String, Boolean> SENSITIVE_NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    private static boolean classify(String name) {
        if (SENSITIVE_NAMES.size() > 10_000) {
            SENSITIVE_NAMES.clear(); // attacker-chosen names must not grow this without bound
        }
        // split camelCase and anything but letters and digits into words
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean boundary = !Character.isLetterOrDigit(c)
                    || (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1)));
            if (boundary && !word.isEmpty()) {
                words.add(word.toString());
                word.setLength(0);
            }
            if (Character.isLetterOrDigit(c)) {
                word.append(Character.toLowerCase(c));
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        if (words.stream().anyMatch(SENSITIVE_WORDS::contains)) {
            return true;
        }
        String all = String.join("", words);
        return SENSITIVE_JOINED.stream().anyMatch(all::contains) || all.contains("password") || all.contains("secret");
    }

    /** Masks bearer tokens and Luhn-valid card numbers inside free text. */
    static String scrubText(String text, List<String> filtered, String path) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        // The patterns are costly on long texts; cheap scans decide whether they can match at all
        String lower = text.toLowerCase(Locale.ROOT);
        String result = text;
        if (lower.contains("bearer") || lower.contains("token")) {
            result = BEARER.matcher(result).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + " " + MASK));
        }
        if ((lower.indexOf('=') >= 0 || lower.indexOf(':') >= 0) && ASSIGNMENT_WORDS.stream().anyMatch(lower::contains)) {
            result = ASSIGNMENT.matcher(result).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + match.group(2) + MASK));
        }
        if (digitRunAtLeast(result, 13)) {
            result = maskCards(result);
        }
        if (!result.equals(text)) {
            filtered.add(path);
        }
        return result;
    }

    private static final List<String> ASSIGNMENT_WORDS = List.of("pass", "pwd", "secret", "token", "key", "authorization",
            "credential");

    /** Whether the text holds at least {@code n} digits, separators between them allowed (a card number). */
    private static boolean digitRunAtLeast(String text, int n) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++run >= n) {
                    return true;
                }
            } else if (c != ' ' && c != '-') {
                run = 0;
            }
        }
        return false;
    }

    private static String maskCards(String text) {
        Matcher cards = CARD_CANDIDATE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (cards.find()) {
            String digits = cards.group().replace(" ", "").replace("-", "");
            cards.appendReplacement(out, luhnValid(digits) ? MASK : Matcher.quoteReplacement(cards.group()));
        }
        cards.appendTail(out);
        return out.toString();
    }

    static boolean luhnValid(String digits) {
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** One scrubbing pass over one event, collecting the paths it masked. */
    private static final class Run {

        private final ScrubbingSettings settings;
        private final List<String> filtered = new ArrayList<>();

        Run(ScrubbingSettings settings) {
            this.settings = settings;
        }

        Event event(Event e) {
            List<ExceptionInfo> exceptions = e.exceptions();
            String message = e.message();
            RequestInfo request = e.request();
            Map<String, String> tags = e.tags();
            Map<String, Map<String, Object>> contexts = e.contexts();
            List<Breadcrumb> breadcrumbs = e.breadcrumbs();
            if (settings.enabled()) {
                exceptions = new ArrayList<>();
                for (int i = 0; i < e.exceptions().size(); i++) {
                    ExceptionInfo x = e.exceptions().get(i);
                    exceptions.add(new ExceptionInfo(x.type(), text(x.message(), "exception[" + i + "].message"), x.module(),
                            x.frames(), x.mechanism(), text(x.rawStack(), "exception[" + i + "].stack")));
                }
                message = text(message, "message");
                request = request(request);
                tags = stringMap(tags, "tags");
                contexts = contexts(contexts);
                breadcrumbs = breadcrumbs(breadcrumbs);
            }
            ClientInfo client = e.client();
            UserInfo user = e.user();
            if (settings.removeAddresses()) {
                if (client != null && client.ip() != null) {
                    client = new ClientInfo(null, client.os(), client.browser(), client.runtime());
                    filtered.add("client.ip");
                }
                if (user != null && user.ipAddress() != null) {
                    user = new UserInfo(user.id(), user.email(), user.username(), null);
                    filtered.add("user.ip_address");
                }
            }
            List<String> allFiltered = new ArrayList<>(e.filtered());
            allFiltered.addAll(filtered);
            return new Event(e.eventId(), e.projectId(), e.occurredAt(), e.receivedAt(), e.level(), e.handled(),
                    e.platform(), exceptions, message, e.release(), e.environment(), e.serverName(), request, client, user,
                    tags, contexts, breadcrumbs, e.fingerprint(), e.sdk(), allFiltered, e.debugIds());
        }

        private String text(String value, String path) {
            return scrubText(value, filtered, path);
        }

        private RequestInfo request(RequestInfo request) {
            if (request == null) {
                return null;
            }
            return new RequestInfo(request.method(), url(request.url(), "request.url"),
                    query(request.queryString(), "request.query_string"), stringMap(request.headers(), "request.headers"));
        }

        private String url(String url, String path) {
            if (url == null) {
                return null;
            }
            int question = url.indexOf('?');
            String scrubbed = question < 0 ? url : url.substring(0, question + 1) + query(url.substring(question + 1), path);
            return text(scrubbed, path);
        }

        private String query(String query, String path) {
            if (query == null || query.isEmpty()) {
                return query;
            }
            List<String> parts = new ArrayList<>();
            for (String pair : query.split("&", -1)) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                if (equals >= 0 && sensitiveName(name)) {
                    parts.add(name + "=" + MASK);
                    filtered.add(path + "." + name);
                } else {
                    parts.add(pair);
                }
            }
            return String.join("&", parts);
        }

        private Map<String, String> stringMap(Map<String, String> values, String path) {
            Map<String, String> result = new LinkedHashMap<>();
            values.forEach((name, value) -> {
                if (sensitiveName(name)) {
                    result.put(name, MASK);
                    filtered.add(path + "." + name);
                } else {
                    result.put(name, text(value, path + "." + name));
                }
            });
            return result;
        }

        private Map<String, Map<String, Object>> contexts(Map<String, Map<String, Object>> contexts) {
            Map<String, Map<String, Object>> result = new LinkedHashMap<>();
            contexts.forEach((name, value) -> result.put(name, object(value, "contexts." + name)));
            return result;
        }

        @SuppressWarnings("unchecked")
        private Object value(String name, Object value, String path) {
            if (sensitiveName(name) && value != null) {
                filtered.add(path);
                return MASK;
            }
            if (value instanceof Map<?, ?> map) {
                return object((Map<String, Object>) map, path);
            }
            if (value instanceof List<?> list) {
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    items.add(value(null, list.get(i), path + "[" + i + "]"));
                }
                return items;
            }
            if (value instanceof String text) {
                return text(text, path);
            }
            return value;
        }

        private Map<String, Object> object(Map<String, Object> object, String path) {
            Map<String, Object> result = new LinkedHashMap<>();
            object.forEach((name, value) -> result.put(name, value(name, value, path + "." + name)));
            return result;
        }

        private List<Breadcrumb> breadcrumbs(List<Breadcrumb> breadcrumbs) {
            List<Breadcrumb> result = new ArrayList<>();
            for (int i = 0; i < breadcrumbs.size(); i++) {
                Breadcrumb b = breadcrumbs.get(i);
                String path = "breadcrumbs[" + i + "]";
                result.add(new Breadcrumb(b.timestamp(), b.type(), b.category(), text(b.message(), path + ".message"),
                        b.level(), object(b.data(), path + ".data")));
            }
            return result;
        }
    }
}
