package io.flytrap.sdk.spring.webflux;

import io.flytrap.sdk.Breadcrumb;
import io.flytrap.sdk.EventHint;
import org.springframework.web.server.ServerWebExchange;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Breadcrumbs and tags for one WebFlux exchange's events only. A reactive handler hops between threads, so the
 * SDK's thread-bound scopes cannot follow it and {@code Flytrap.setTag} there writes the global scope, which every
 * concurrent request shares. What is kept here lives in the exchange's attributes instead, and
 * {@link FlytrapWebFilter} puts it on the event it reports for that exchange, never on another's.
 */
public final class FlytrapExchange {

    private static final String ATTRIBUTE = FlytrapExchange.class.getName();
    /** As many as an event carries: a long-lived exchange (a stream, a websocket) must not grow without end. */
    static final int MAX_BREADCRUMBS = EventHint.MAX_BREADCRUMBS;

    /** Newest last; an exchange's signals are sequential but may arrive on different threads, hence the queue. */
    private final Queue<Breadcrumb> breadcrumbs = new ConcurrentLinkedQueue<>();
    private final Map<String, String> tags = new ConcurrentHashMap<>();

    private FlytrapExchange() {
    }

    /** A breadcrumb on this exchange's event, should it be reported. */
    public static void addBreadcrumb(ServerWebExchange exchange, Breadcrumb breadcrumb) {
        if (exchange != null && breadcrumb != null) {
            Queue<Breadcrumb> kept = of(exchange).breadcrumbs;
            kept.add(breadcrumb);
            while (kept.size() > MAX_BREADCRUMBS) { // size() walks the queue, which holds at most 101
                kept.poll(); // the oldest
            }
        }
    }

    static int keptBreadcrumbs(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE) instanceof FlytrapExchange kept ? kept.breadcrumbs.size() : 0;
    }

    /** A tag on this exchange's event, should it be reported; a null value removes it. */
    public static void setTag(ServerWebExchange exchange, String key, String value) {
        if (exchange == null || key == null) {
            return;
        }
        if (value == null) {
            of(exchange).tags.remove(key);
        } else {
            of(exchange).tags.put(key, value);
        }
    }

    /** Adds what was kept for the exchange to its event's hint. */
    static void addTo(ServerWebExchange exchange, EventHint.Builder hint) {
        if (exchange.getAttribute(ATTRIBUTE) instanceof FlytrapExchange kept) {
            kept.breadcrumbs.forEach(hint::breadcrumb);
            kept.tags.forEach(hint::tag);
        }
    }

    private static FlytrapExchange of(ServerWebExchange exchange) {
        return (FlytrapExchange) exchange.getAttributes().computeIfAbsent(ATTRIBUTE, name -> new FlytrapExchange());
    }
}
