package io.flytrap.sdk;

import java.lang.reflect.Array;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded copy of app data into plain maps, lists and scalars, with the same limits {@link Json} writes under:
 * at most {@link Json#MAX_DEPTH} levels and {@link Json#MAX_ITEMS} entries per map or list, at most
 * {@link #MAX_NODES} values in all per instance ("[truncated]" after that), and a map or list that contains itself
 * on the current path written as "[cycle]". An app's parent-children graph must cost a bounded copy, not the heap.
 * Optionally everything under a secret-looking key becomes "[Filtered]", whatever it is.
 */
final class BoundedCopy {

    static final String CYCLE = "[cycle]";
    static final String TRUNCATED = "[truncated]";
    static final String TOO_DEEP = "[too deep]";
    /** App values per copier: one per event on the sender thread (contexts and all breadcrumb data together). */
    static final int MAX_NODES = 10_000;

    private final boolean filterSecrets;
    private final boolean describeObjects;
    /** Identity, not equals(): an app's equals() may be costly, throw, or call two distinct maps equal. */
    private final Map<Object, Boolean> path = new IdentityHashMap<>();
    private int nodes;

    private BoundedCopy(boolean filterSecrets, boolean describeObjects) {
        this.filterSecrets = filterSecrets;
        this.describeObjects = describeObjects;
    }

    /**
     * For the sender thread: secrets filtered, app objects left for Json to describe.
     *
     * @param depth how deep Json will find {@code value}, so the copy stops where Json would
     */
    static Object scrub(Object value, int depth) {
        return scrubber().copy(value, depth);
    }

    /** One budget for several values: every scrub of one event shares it. */
    static BoundedCopy scrubber() {
        return new BoundedCopy(true, false);
    }

    /**
     * For set-time (setContext, breadcrumb data): immutable, and app objects turned into their text now, so the
     * event holds the values as they were and the sender thread never reads the app's live objects.
     */
    static Object snapshot(Object value, int depth) {
        return new BoundedCopy(false, true).copy(value, depth);
    }

    /** @param depth how deep Json will find {@code value}, so the copy stops where Json would */
    Object copy(Object value, int depth) {
        if (++nodes > MAX_NODES) {
            return TRUNCATED;
        }
        if (value == null || value instanceof String || value instanceof Boolean || isJsonNumber(value)) {
            return value;
        }
        boolean container = value instanceof Map || value instanceof Iterable || value.getClass().isArray();
        if (!container) {
            // BigDecimal, enums, app objects: Json writes them as text
            return describeObjects ? Json.describe(value) : value;
        }
        if (depth >= Json.MAX_DEPTH) {
            return TOO_DEEP;
        }
        if (path.put(value, Boolean.TRUE) != null) {
            return CYCLE;
        }
        try {
            if (value instanceof Map<?, ?> map) {
                return map(map, depth);
            }
            return list(value instanceof Iterable<?> items ? items : elements(value), depth);
        } finally {
            path.remove(value);
        }
    }

    private Map<String, Object> map(Map<?, ?> map, int depth) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (copy.size() == Json.MAX_ITEMS || nodes > MAX_NODES) {
                break; // the value that went over the budget was kept as "[truncated]", the rest is left out
            }
            String name = entry.getKey() instanceof String key ? key : Json.describe(entry.getKey());
            copy.put(name, filterSecrets && Privacy.isSecretKey(name) ? Privacy.FILTERED : copy(entry.getValue(), depth + 1));
        }
        return describeObjects ? Collections.unmodifiableMap(copy) : copy;
    }

    private List<Object> list(Iterable<?> items, int depth) {
        List<Object> copy = new ArrayList<>();
        for (Object item : items) {
            if (copy.size() == Json.MAX_ITEMS || nodes > MAX_NODES) {
                break;
            }
            copy.add(copy(item, depth + 1));
        }
        return describeObjects ? Collections.unmodifiableList(copy) : copy;
    }

    /** Any array, primitive ones included (the app may still change an int[] it handed over), as a list view. */
    private static List<Object> elements(Object array) {
        return new AbstractList<>() {
            @Override
            public Object get(int index) {
                return Array.get(array, index);
            }

            @Override
            public int size() {
                return Array.getLength(array);
            }
        };
    }

    /** The numbers Json writes as numbers; BigDecimal, AtomicLong and the like are written as text. */
    private static boolean isJsonNumber(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Double || value instanceof Float
                || value instanceof Short || value instanceof Byte;
    }
}
