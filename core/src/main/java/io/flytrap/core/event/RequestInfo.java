package io.flytrap.core.event;

import java.util.Map;

/**
 * The HTTP request the application was serving when the error happened.
 *
 * @param headers request headers as the SDK sent them (after server-side scrubbing)
 */
public record RequestInfo(String method, String url, String queryString, Map<String, String> headers) {

    public RequestInfo {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public RequestInfo(String method, String url) {
        this(method, url, null, Map.of());
    }
}
