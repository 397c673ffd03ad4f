package io.flytrap.sdk;

import java.lang.reflect.Array;
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

    private Json() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder(4096);
        value(out, value, 0);
        return out.toString();
    }

    private static void value(StringBuilder out, Object value, int depth) {
        if (value == null) {
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
        } else if (depth >= MAX_DEPTH) {
            string(out, "[too deep]");
        } else if (value instanceof Map<?, ?> map) {
            object(out, map, depth);
        } else if (value instanceof Iterable<?> items) {
            out.append('[');
            int count = 0;
            for (Object item : items) {
                if (count++ == MAX_ITEMS) {
                    break;
                }
                if (count > 1) {
                    out.append(',');
                }
                value(out, item, depth + 1);
            }
            out.append(']');
        } else if (value.getClass().isArray()) {
            out.append('[');
            int length = Math.min(Array.getLength(value), MAX_ITEMS);
            for (int i = 0; i < length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(out, Array.get(value, i), depth + 1);
            }
            out.append(']');
        } else {
            string(out, describe(value));
        }
    }

    private static void object(StringBuilder out, Map<?, ?> map, int depth) {
        out.append('{');
        boolean first = true;
        int count = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (count++ == MAX_ITEMS) {
                break;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, entry.getKey() instanceof String key ? key : describe(entry.getKey()));
            out.append(':');
            value(out, entry.getValue(), depth + 1);
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
