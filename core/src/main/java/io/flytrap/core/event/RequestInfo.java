package io.flytrap.core.event;

import java.util.Map;

/**
 * The HTTP request the application was serving when the error happened.
 *
 * @param headers request headers as the SDK sent them (after server-side scrubbing)
 * @param cookies cookies by name, as the SDK sent them (values masked by server-side scrubbing)
 * @param data    the request body as the SDK sent it: a form or JSON body as plain maps, lists and scalars, or text;
 *                null when none was sent
 */
public record RequestInfo(String method, String url, String queryString, Map<String, String> headers,
                          Map<String, String> cookies, Object data) {

    public RequestInfo {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        cookies = cookies == null ? Map.of() : Map.copyOf(cookies);
    }

    public RequestInfo(String method, String url, String queryString, Map<String, String> headers) {
        this(method, url, queryString, headers, Map.of(), null);
    }

    public RequestInfo(String method, String url) {
        this(method, url, null, Map.of());
    }
}
