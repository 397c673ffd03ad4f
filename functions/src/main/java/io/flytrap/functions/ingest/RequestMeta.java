package io.flytrap.functions.ingest;

import io.flytrap.core.queue.QueuedEvent;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.HashMap;
import java.util.Map;

/** The request facts an event's body does not carry, kept beside it in the queue. */
final class RequestMeta {

    static final int MAX_USER_AGENT = 500;

    private RequestMeta() {
    }

    static Map<String, String> of(HttpServletRequest request) {
        Map<String, String> meta = new HashMap<>();
        meta.put(QueuedEvent.CLIENT_IP, request.getRemoteAddr());
        String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
        if (userAgent != null) {
            meta.put(QueuedEvent.USER_AGENT, userAgent.length() > MAX_USER_AGENT ? userAgent.substring(0, MAX_USER_AGENT) : userAgent);
        }
        return meta;
    }

    /**
     * A parameter from the URL's query only. {@code getParameter} would also parse a form-encoded body, consuming
     * the stream the event is read from.
     */
    static String queryParameter(HttpServletRequest request, String name) {
        String query = request.getQueryString();
        if (query == null) {
            return null;
        }
        return UriComponentsBuilder.newInstance().query(query).build().getQueryParams().getFirst(name);
    }
}
