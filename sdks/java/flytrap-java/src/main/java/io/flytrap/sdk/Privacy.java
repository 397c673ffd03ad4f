package io.flytrap.sdk;

import java.util.LinkedHashMap;
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
    /** Credentials, and every header a proxy or CDN uses to pass the client's IP address on. */
    private static final Set<String> PII_HEADERS = Set.of("cookie", "set-cookie", "authorization",
            "proxy-authorization", "x-forwarded-for", "x-real-ip", "forwarded", "true-client-ip",
            "cf-connecting-ip", "x-client-ip", "fastly-client-ip");
    /** {@code scheme://user:password@} at the start of a URL; the scheme is kept. */
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@");
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

    /**
     * A URL with user-info ({@code https://user:pw@host}) removed and the values of secret-looking parameters
     * filtered, in the query, the fragment and path parameters ({@code ;jsessionid=…}).
     */
    static String url(String url) {
        if (url == null) {
            return null;
        }
        String text = USER_INFO.matcher(url).replaceFirst("$1");
        return text.indexOf('=') < 0 ? text : parameters(text);
    }

    /**
     * A query string ({@code a=1&token=…}) with secret-looking parameters filtered. Separate from {@link #url}: a
     * query string is one by the field it comes from, whatever it contains ({@code redirect_uri=https://…}).
     */
    static String queryString(String query) {
        if (query == null || query.indexOf('=') < 0) {
            return query;
        }
        return parameters("?" + query).substring(1);
    }

    private static String parameters(String text) {
        Matcher m = URL_PARAMETER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = isSecretKey(m.group(2)) ? m.group(1) + m.group(2) + "=" + FILTERED : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A copy with everything under a secret-looking key filtered, whatever it is (a list of tokens, a map of
     * credentials), and every map, collection and array walked, bounded as {@link BoundedCopy} describes.
     *
     * @param depth how deep {@link Json} will find the value in the event
     */
    static Object scrub(Object value, int depth) {
        return BoundedCopy.scrub(value, depth);
    }
}
