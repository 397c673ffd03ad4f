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
import java.util.Map;

/**
 * Server-side scrubbing, whatever the SDK did: values under sensitive names (password, token, api_key, ...),
 * and in any text "password=..."-style assignments, bearer tokens and credit-card numbers, the Authorization and Cookie headers, cookie values, and optionally
 * end users' IP addresses (with the proxy headers that repeat them). The event records where something was masked, never the value.
 */
public final class Scrubber {

    public static final String MASK = "[Filtered]";

    private Scrubber() {
    }

    public static Event scrub(Event event, ScrubbingSettings settings) {
        if (!settings.enabled() && !settings.removeAddresses()) {
            return event;
        }
        Run run = new Run(settings);
        return run.event(event);
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
                request = withoutAddressHeaders(request);
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
            return SensitiveText.scrub(value, filtered, path);
        }

        private RequestInfo request(RequestInfo request) {
            if (request == null) {
                return null;
            }
            return new RequestInfo(request.method(), url(request.url(), "request.url"),
                    query(request.queryString(), "request.query_string"), stringMap(request.headers(), "request.headers"),
                    cookies(request.cookies()), value(null, request.data(), "request.data"));
        }

        /** Every cookie value: session ids and tokens hide under any name (connect.sid, _shop), so names only. */
        private Map<String, String> cookies(Map<String, String> cookies) {
            Map<String, String> result = new LinkedHashMap<>();
            cookies.forEach((name, value) -> {
                result.put(name, MASK);
                filtered.add("request.cookies." + name);
            });
            return result;
        }

        /** The request without the headers that carry the end user's address (proxies add them on the way). */
        private RequestInfo withoutAddressHeaders(RequestInfo request) {
            if (request == null) {
                return null;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach((name, value) -> {
                if (ClientAddressHeaders.carriesAddress(name)) {
                    filtered.add("request.headers." + name);
                } else {
                    headers.put(name, value);
                }
            });
            return headers.size() == request.headers().size() ? request : new RequestInfo(request.method(), request.url(),
                    request.queryString(), headers, request.cookies(), request.data());
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
                if (equals >= 0 && SensitiveNames.isSensitive(name)) {
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
                if (SensitiveNames.isSensitive(name)) {
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
            if (SensitiveNames.isSensitive(name) && value != null) {
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
