package io.flytrap.sdk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link CapturedEvent} into the protocol's {@code data} object (docs/protocol/event-v1.schema.json) on the
 * sender thread: frames caller first with in_app and code context, the scope, the request minus secrets, runtime and
 * OS.
 */
final class EventBuilder {

    static final String SDK_NAME = "flytrap.java";
    static final String SDK_VERSION = "0.1.0";

    /** Where Json meets them in {"data": {"contexts": …, "breadcrumbs": [{"data": …}]}}: copies stop where it does. */
    static final int CONTEXTS_DEPTH = 2;
    static final int BREADCRUMB_DATA_DEPTH = 4;

    private final FlytrapOptions options;
    private final long projectId;
    private final InApp inApp;
    private final SourceContext sources;
    private RuntimeInfo runtime;

    EventBuilder(FlytrapOptions options, long projectId, ClassLoader loader) {
        this.options = options;
        this.projectId = projectId;
        this.inApp = new InApp(options.getInAppPackages());
        this.sources = options.isCodeContext() ? new SourceContext(options.getSourceRoots(), loader) : null;
    }

    Map<String, Object> build(CapturedEvent captured) {
        if (runtime == null) {
            runtime = RuntimeInfo.read();
        }
        EventHint hint = captured.hint();
        Scope.Snapshot scope = captured.scope();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("project_id", projectId);
        data.put("event_id", captured.eventId());
        data.put("timestamp", Instant.ofEpochMilli(captured.timestampMillis()).toString());
        data.put("level", captured.level().protocolName());
        data.put("handled", hint.handled());
        data.put("platform", "java");
        putIfPresent(data, "release", options.getRelease());
        putIfPresent(data, "environment", options.getEnvironment());
        putIfPresent(data, "server_name", options.getServerName() != null ? options.getServerName() : runtime.hostName());
        data.put("runtime", runtime.runtime());
        data.put("os", runtime.os());
        if (captured.message() != null) {
            data.put("message", captured.message());
        }
        if (!captured.chain().isEmpty()) {
            Map<String, Object> exception = new LinkedHashMap<>();
            exception.put("values", exceptions(captured.chain(), hint));
            data.put("exception", exception);
        }
        User user = merge(scope.user(), hint.user());
        if (user != null) {
            data.put("user", user(user));
        }
        Map<String, Object> tags = new LinkedHashMap<>(scope.tags());
        tags.putAll(hint.tags());
        RequestInfo request = hint.request();
        if (request != null) {
            data.put("request", request(request));
            if (request.route() != null) {
                tags.put("route", request.route());
            }
        }
        if (!tags.isEmpty()) {
            data.put("tags", tags);
        }
        Map<String, Object> contexts = new LinkedHashMap<>();
        contexts.put("runtime", runtime.runtimeContext());
        contexts.put("os", runtime.osContext());
        contexts.putAll(scope.contexts());
        // one budget for all of the app's data in this event
        BoundedCopy scrubber = BoundedCopy.scrubber();
        data.put("contexts", scrubber.copy(contexts, CONTEXTS_DEPTH));
        List<Object> crumbs = breadcrumbs(scope.breadcrumbs(), hint.breadcrumbs(), scrubber);
        if (!crumbs.isEmpty()) {
            data.put("breadcrumbs", crumbs);
        }
        if (!hint.fingerprint().isEmpty()) {
            data.put("fingerprint", new ArrayList<>(hint.fingerprint()));
        }
        data.put("sdk", Map.of("name", SDK_NAME, "version", SDK_VERSION));
        return data;
    }

    /** The scope's, then the hint's, the newest {@code maxBreadcrumbs} of them. */
    private List<Object> breadcrumbs(Breadcrumb[] scoped, List<Breadcrumb> hinted, BoundedCopy scrubber) {
        int total = scoped.length + hinted.size();
        int skip = Math.max(0, total - options.getMaxBreadcrumbs());
        List<Object> crumbs = new ArrayList<>(total - skip);
        for (int i = skip; i < total; i++) {
            crumbs.add(breadcrumb(i < scoped.length ? scoped[i] : hinted.get(i - scoped.length), scrubber));
        }
        return crumbs;
    }

    private List<Object> exceptions(List<CapturedThrowable> chain, EventHint hint) {
        List<Object> values = new ArrayList<>(chain.size());
        for (int i = 0; i < chain.size(); i++) {
            CapturedThrowable t = chain.get(i);
            Map<String, Object> value = new LinkedHashMap<>();
            String name = t.className();
            int dot = name.lastIndexOf('.');
            // Sentry's shape: the simple type as "type" (the issue title), the package as "module"
            value.put("type", dot < 0 ? name : name.substring(dot + 1));
            putIfPresent(value, "value", t.message());
            if (dot > 0) {
                value.put("module", name.substring(0, dot));
            }
            if (i == chain.size() - 1) {
                value.put("mechanism", Map.of("type", hint.mechanism(), "handled", hint.handled()));
            } else if (t.relation() != null) {
                value.put("mechanism", Map.of("type", t.relation()));
            }
            value.put("stacktrace", Map.of("frames", frames(t.frames())));
            values.add(value);
        }
        return values;
    }

    /** Caller first and the throwing frame last, as the protocol orders them: the reverse of Java's order. */
    private List<Object> frames(StackTraceElement[] elements) {
        List<Object> frames = new ArrayList<>(elements.length);
        for (int i = elements.length - 1; i >= 0; i--) {
            StackTraceElement element = elements[i];
            Map<String, Object> frame = new LinkedHashMap<>();
            putIfPresent(frame, "filename", element.getFileName());
            frame.put("module", element.getClassName());
            frame.put("function", element.getMethodName());
            if (element.getLineNumber() > 0) {
                frame.put("lineno", element.getLineNumber());
            }
            boolean app = inApp.isInApp(element.getClassName());
            frame.put("in_app", app);
            if (app && sources != null) {
                sources.around(element).ifPresent(lines -> {
                    frame.put("pre_context", lines.before());
                    frame.put("context_line", lines.line());
                    frame.put("post_context", lines.after());
                });
            }
            frames.add(frame);
        }
        return frames;
    }

    private Map<String, Object> request(RequestInfo request) {
        Map<String, Object> out = new LinkedHashMap<>();
        putIfPresent(out, "method", request.method());
        putIfPresent(out, "url", Privacy.url(request.url()));
        putIfPresent(out, "query_string", Privacy.queryString(request.queryString()));
        if (!request.headers().isEmpty()) {
            out.put("headers", Privacy.headers(request.headers(), options.isSendDefaultPii()));
        }
        return out;
    }

    /**
     * The app's user (Flytrap.setUser) with the hint's only filling what the app left empty: an integration's hint
     * knows the principal's name and IP, the app knows who that is (id, email), and the app's word wins.
     */
    static User merge(User app, User hint) {
        if (app == null || hint == null) {
            return app != null ? app : hint;
        }
        return new User(first(app.id(), hint.id()), first(app.email(), hint.email()),
                first(app.username(), hint.username()), first(app.ipAddress(), hint.ipAddress()));
    }

    private static String first(String preferred, String fallback) {
        return preferred != null ? preferred : fallback;
    }

    private static Map<String, Object> user(User user) {
        Map<String, Object> out = new LinkedHashMap<>();
        putIfPresent(out, "id", user.id());
        putIfPresent(out, "email", user.email());
        putIfPresent(out, "username", user.username());
        putIfPresent(out, "ip_address", user.ipAddress());
        return out;
    }

    private static Map<String, Object> breadcrumb(Breadcrumb crumb, BoundedCopy scrubber) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("timestamp", crumb.timestamp().toString());
        putIfPresent(out, "type", crumb.type());
        putIfPresent(out, "category", crumb.category());
        putIfPresent(out, "message", crumb.message());
        out.put("level", crumb.level().protocolName());
        if (!crumb.data().isEmpty()) {
            Object data = scrubber.copy(crumb.data(), BREADCRUMB_DATA_DEPTH);
            if (data instanceof Map<?, ?> map && map.containsKey("url")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> mutable = (Map<String, Object>) map;
                mutable.put("url", Privacy.url(String.valueOf(map.get("url"))));
            }
            out.put("data", data);
        }
        return out;
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
