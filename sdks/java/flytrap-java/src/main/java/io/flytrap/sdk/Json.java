package io.flytrap.sdk;

import java.lang.reflect.Array;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes the event maps as JSON. The SDK must not bring a JSON library into the host's classpath (it would clash
 * with the app's own Jackson or Gson versions), and events are only ever written, never read, so a writer for maps,
 * lists, arrays and scalars is all it takes. Anything else is written as its {@code toString()}, guarded: a value
 * whose toString() throws, a deep or cyclic structure, or a huge string still gives valid, bounded JSON.
 */
final class Json {

    static final int MAX_DEPTH = 10;
    static final int MAX_STRING = 16 * 1024;
    static final int MAX_ITEMS = 1000;
    /**
     * Values in one event at most, a last guard for what beforeSend adds (app data is already cut to
     * {@link BoundedCopy#MAX_NODES}): depth and items per level alone would still allow 1000^10 of them. Room
     * for a 20-exception chain of deep stacks.
     */
    static final int MAX_NODES = 200_000;

    private final StringBuilder out = new StringBuilder(4096);
    /** The maps and lists being written, by identity: a structure that contains itself is written once. */
    private final Map<Object, Boolean> path = new IdentityHashMap<>();
    private int nodes;

    private Json() {
    }

    static String write(Object value) {
        Json json = new Json();
        json.value(value, 0);
        return json.out.toString();
    }

    private void value(Object value, int depth) {
        if (++nodes > MAX_NODES) {
            string(out, BoundedCopy.TRUNCATED);
        } else if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            out.append(Double.isFinite(d) ? value.toString() : "null");
        } else if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (!(value instanceof Map || value instanceof Iterable || value.getClass().isArray())) {
            string(out, describe(value));
        } else if (depth >= MAX_DEPTH) {
            string(out, BoundedCopy.TOO_DEEP);
        } else if (path.put(value, Boolean.TRUE) != null) {
            string(out, BoundedCopy.CYCLE);
        } else {
            try {
                container(value, depth);
            } finally {
                path.remove(value);
            }
        }
    }

    private void container(Object value, int depth) {
        if (value instanceof Map<?, ?> map) {
            object(map, depth);
        } else if (value instanceof Iterable<?> items) {
            out.append('[');
            int count = 0;
            for (Object item : items) {
                if (count++ == MAX_ITEMS || nodes > MAX_NODES) {
                    break;
                }
                if (count > 1) {
                    out.append(',');
                }
                value(item, depth + 1);
            }
            out.append(']');
        } else if (value.getClass().isArray()) {
            out.append('[');
            int length = Math.min(Array.getLength(value), MAX_ITEMS);
            for (int i = 0; i < length && nodes <= MAX_NODES; i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(Array.get(value, i), depth + 1);
            }
            out.append(']');
        }
    }

    private void object(Map<?, ?> map, int depth) {
        out.append('{');
        boolean first = true;
        int count = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (count++ == MAX_ITEMS || nodes > MAX_NODES) {
                break;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, entry.getKey() instanceof String key ? key : describe(entry.getKey()));
            out.append(':');
            value(entry.getValue(), depth + 1);
        }
        out.append('}');
    }

    /** Numbers of other kinds (BigDecimal, AtomicLong…), enums, UUIDs, dates and app objects, as text. */
    static String describe(Object value) {
        try {
            String text = String.valueOf(value);
            return text == null ? "null" : text;
        } catch (RuntimeException | LinkageError broken) {
            return "<" + value.getClass().getName() + ": toString() threw " + broken.getClass().getName() + ">";
        }
    }

    private static void string(StringBuilder out, String s) {
        int length = Math.min(s.length(), MAX_STRING);
        out.append('"');
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (length < s.length()) {
            out.append('…');
        }
        out.append('"');
    }
}
