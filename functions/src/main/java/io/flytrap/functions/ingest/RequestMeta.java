package io.flytrap.functions.ingest;

import io.flytrap.core.queue.QueuedEvent;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.HashMap;
import java.util.Map;

/** The request facts an event's body does not carry, kept beside it in the queue. */
final class RequestMeta {

    static final int MAX_USER_AGENT = 500;

    private RequestMeta() {
    }

    static Map<String, String> of(String clientAddress, String userAgent) {
        Map<String, String> meta = new HashMap<>();
        if (clientAddress != null) {
            meta.put(QueuedEvent.CLIENT_IP, clientAddress);
        }
        if (userAgent != null) {
            meta.put(QueuedEvent.USER_AGENT, userAgent.length() > MAX_USER_AGENT ? userAgent.substring(0, MAX_USER_AGENT) : userAgent);
        }
        return meta;
    }

    /**
     * A parameter from a raw query string. The servlet's {@code getParameter} would also parse a form-encoded body,
     * consuming the stream the event is read from.
     */
    static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        return UriComponentsBuilder.newInstance().query(rawQuery).build().getQueryParams().getFirst(name);
    }
}
