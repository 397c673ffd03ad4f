package io.flytrap.functions.ingest;

import io.flytrap.core.queue.QueuedEvent;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

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
}
