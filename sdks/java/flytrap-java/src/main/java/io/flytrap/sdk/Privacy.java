package io.flytrap.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets and personal data out of events unless the app opted in: the same rules as the JavaScript SDKs.
 * Cookies, Authorization and client-IP headers are removed; values under secret-looking keys (password, token,
 * api_key, …) are replaced by "[Filtered]" in headers, URLs, contexts and breadcrumb data.
 */
final class Privacy {

    static final String FILTERED = "[Filtered]";

    private static final Pattern SECRET_KEY =
            Pattern.compile("pass|secret|token|auth|cookie|session|api[-_]?key|credential|private|credit|card",
                    Pattern.CASE_INSENSITIVE);
    private static final Set<String> PII_HEADERS = Set.of("cookie", "set-cookie", "authorization",
            "proxy-authorization", "x-forwarded-for", "x-real-ip");
    private static final Pattern URL_PARAMETER = Pattern.compile("([?&#;])([^=&#;]+)=([^&#;]*)");

    private Privacy() {
    }

    static boolean isSecretKey(String key) {
        return key != null && SECRET_KEY.matcher(key).find();
    }

    static Map<String, Object> headers(Map<String, String> headers, boolean sendDefaultPii) {
        Map<String, Object> safe = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (name == null || value == null) {
                return;
            }
            if (sendDefaultPii) {
                safe.put(name, value);
            } else if (!PII_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                safe.put(name, isSecretKey(name) ? FILTERED : value);
            }
        });
        return safe;
    }

    /** A URL or query string with the values of secret-looking parameters filtered ({@code ?token=…}). */
    static String url(String url) {
        if (url == null || url.indexOf('=') < 0) {
            return url;
        }
        String text = url.indexOf('?') < 0 && url.indexOf('#') < 0 && !url.contains("://") ? "?" + url : url;
        Matcher m = URL_PARAMETER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = isSecretKey(m.group(2)) ? m.group(1) + m.group(2) + "=" + FILTERED : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return text == url ? out.toString() : out.substring(1);
    }

    /** A copy with scalar values under secret-looking keys filtered, nested maps and lists included (bounded). */
    static Object scrub(Object value, int depth) {
        if (depth > Json.MAX_DEPTH) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> {
                String name = String.valueOf(key);
                boolean scalar = !(item instanceof Map) && !(item instanceof Iterable);
                copy.put(name, scalar && item != null && isSecretKey(name) ? FILTERED : scrub(item, depth + 1));
            });
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> scrub(item, depth + 1)).toList();
        }
        return value;
    }
}
