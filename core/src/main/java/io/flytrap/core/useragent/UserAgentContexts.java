package io.flytrap.core.useragent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flytrap.core.event.ClientInfo;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.RequestInfo;
import ua_parser.Client;
import ua_parser.Parser;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Fills in the browser, os and device contexts of an event from its request's User-Agent header when the SDK sent
 * none (Sentry's browser SDK sends only the header; Sentry's server derives the rest, so Flytrap must too).
 * A context the SDK sent is never replaced, each of the three is decided on its own, and a User-Agent that says
 * nothing recognisable adds nothing. Runs once per event in processing, never at ingest.
 */
public final class UserAgentContexts {

    /**
     * Longer headers are not parsed: real ones, in-app browsers included, stay well under this, and each of
     * uap-core's several hundred patterns is tried against the whole header, so length is the cost to bound.
     * The same limit ingest keeps for the request's own header.
     */
    static final int MAX_LENGTH = 500;
    /** Distinct User-Agents seen by one processor repeat heavily (a few browser versions per app); ~1 KB each. */
    static final int CACHE_SIZE = 2_000;

    /**
     * uap-core's patterns take most of a second to load (bench/user-agent-parsing.sh): loaded on a thread of their
     * own from construction on, so a cold start overlaps them with the rest of start-up, and waited for only by the
     * first header that is not in the cache.
     */
    private final CompletableFuture<Parser> parser = CompletableFuture.supplyAsync(Parser::new, task -> {
        Thread loader = new Thread(task, "user-agent-patterns");
        loader.setDaemon(true);
        loader.start();
    });
    private final Cache<String, DerivedContexts> cache = Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();

    /** The event with the contexts its User-Agent implies added, or the same event when there is nothing to add. */
    public Event addMissingContexts(Event event) {
        Map<String, Map<String, Object>> sent = event.contexts();
        if (sent.containsKey("browser") && sent.containsKey("os") && sent.containsKey("device")) {
            return event;
        }
        String userAgent = userAgent(event.request());
        if (userAgent == null || userAgent.isBlank() || userAgent.length() > MAX_LENGTH) {
            return event;
        }
        DerivedContexts derived = cache.get(userAgent, this::derive);
        Map<String, Map<String, Object>> contexts = new LinkedHashMap<>(sent);
        derived.asMap().forEach(contexts::putIfAbsent);
        if (contexts.size() == sent.size()) {
            return event;
        }
        ClientInfo client = event.client() != null ? event.client() : new ClientInfo(null, null, null, null);
        // The one-line browser and os the lists and facets read: kept when the SDK named them itself
        ClientInfo completed = new ClientInfo(client.ip(),
                client.os() != null ? client.os() : ClientInfo.nameAndVersion(contexts.get("os")),
                client.browser() != null ? client.browser() : ClientInfo.nameAndVersion(contexts.get("browser")),
                client.runtime());
        return event.withClientAndContexts(completed, contexts);
    }

    private DerivedContexts derive(String userAgent) {
        Client parsed;
        try {
            parsed = parser.join().parse(userAgent);
        } catch (RuntimeException unparseable) {
            // Event data is untrusted: a header the parser chokes on costs its contexts, never the event
            return DerivedContexts.NONE;
        }
        return DerivedContexts.of(parsed);
    }

    /** The request's User-Agent header, whatever the case of its name (SDKs differ). */
    static String userAgent(RequestInfo request) {
        if (request == null) {
            return null;
        }
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            if ("user-agent".equalsIgnoreCase(header.getKey())) {
                return header.getValue();
            }
        }
        return null;
    }
}
