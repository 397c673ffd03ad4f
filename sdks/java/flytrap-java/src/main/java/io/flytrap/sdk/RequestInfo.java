package io.flytrap.sdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP request an event happened in, as integrations read it. Headers are given as received: cookies,
 * Authorization and secret-looking values are removed or filtered when the event is built (unless the app opted in
 * with {@link FlytrapOptions#setSendDefaultPii}), before {@code beforeSend} sees it.
 *
 * @param route the matched route pattern ("/orders/{id}"), sent as the {@code route} tag
 */
public record RequestInfo(String method, String url, String queryString, Map<String, String> headers, String route) {

    public RequestInfo {
        headers = headers == null || headers.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
}
