package io.flytrap.core.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one internal event record. Every ingest protocol is parsed into this; everything after ingest sees only it.
 *
 * @param exceptions  the exception chain, oldest cause first and the exception that was caught last
 * @param message     a log message, for events without an exception or beside one
 * @param contexts    structured facts by name (os, browser, runtime, device, app, trace ...), as sent
 * @param fingerprint the SDK's own grouping override; "{{ default }}" stands for Flytrap's grouping
 * @param debugIds    file URL → debug ID of the bundles the stack runs through (Sentry's debug_meta images),
 *                    for finding each file's source map even when its name changed
 * @param filtered    where server-side scrubbing masked something (paths like "request.headers.Authorization"),
 *                    never what it masked
 */
public record Event(UUID eventId, long projectId, Instant occurredAt, Instant receivedAt, Level level,
                    boolean handled, String platform, List<ExceptionInfo> exceptions, String message,
                    String release, String environment, String serverName, RequestInfo request, ClientInfo client,
                    UserInfo user, Map<String, String> tags, Map<String, Map<String, Object>> contexts,
                    List<Breadcrumb> breadcrumbs, List<String> fingerprint, SdkInfo sdk, List<String> filtered,
                    Map<String, String> debugIds) {

    public Event {
        exceptions = exceptions == null ? List.of() : List.copyOf(exceptions);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        contexts = contexts == null ? Map.of() : Map.copyOf(contexts);
        breadcrumbs = breadcrumbs == null ? List.of() : List.copyOf(breadcrumbs);
        fingerprint = fingerprint == null ? List.of() : List.copyOf(fingerprint);
        filtered = filtered == null ? List.of() : List.copyOf(filtered);
        debugIds = debugIds == null ? Map.of() : Map.copyOf(debugIds);
    }

    public Event withExceptions(List<ExceptionInfo> replaced) {
        return new Event(eventId, projectId, occurredAt, receivedAt, level, handled, platform, replaced, message, release,
                environment, serverName, request, client, user, tags, contexts, breadcrumbs, fingerprint, sdk, filtered,
                debugIds);
    }

    public Event withClientAndContexts(ClientInfo replacedClient, Map<String, Map<String, Object>> replacedContexts) {
        return new Event(eventId, projectId, occurredAt, receivedAt, level, handled, platform, exceptions, message, release,
                environment, serverName, request, replacedClient, user, tags, replacedContexts, breadcrumbs, fingerprint,
                sdk, filtered, debugIds);
    }

    /** The exception that reached the handler: the last of the chain. */
    public ExceptionInfo primaryException() {
        return exceptions.isEmpty() ? null : exceptions.getLast();
    }
}
