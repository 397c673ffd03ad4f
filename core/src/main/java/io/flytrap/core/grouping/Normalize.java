package io.flytrap.core.grouping;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Removes what varies between occurrences of the same error: ids, numbers, addresses, build hashes. */
final class Normalize {

    // Order matters: URLs and e-mails contain numbers, UUIDs contain hex.
    private static final Pattern URL = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s'\"<>]+");
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    private static final Pattern UUID_LIKE = Pattern.compile("\\b[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\\b");
    private static final Pattern IPV4 = Pattern.compile("\\b(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d+)?\\b");
    private static final Pattern IPV6 = Pattern.compile("(?<![\\w:])(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{1,4}(?![\\w:])");
    private static final Pattern QUOTED = Pattern.compile("'[^'\\n]*'|\"[^\"\\n]*\"|`[^`\\n]*`");
    private static final Pattern HEX = Pattern.compile("\\b0x[0-9a-fA-F]+\\b|\\b(?=[0-9a-fA-F]*\\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{6,}\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");

    // Bundlers put content hashes into file names (main.3f9a8b7c.js, chunk-4e5f6a7b.js); they change every deploy.
    private static final Pattern FILE_HASH = Pattern.compile("[.-][0-9a-fA-F]{8,}(?=\\.)");
    private static final Pattern URL_ORIGIN = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*");
    // Java: lambda$checkout$12, access$000, Foo$$Lambda/0x0000..., $Proxy42, $$SpringCGLIB$$0
    // V8 names a function called as a method of another object "Receiver.ownName [as property]" (a timer calls
    // handleRequest as "Timeout.handleRequest [as _onTimeout]"): only the function's own name identifies it.
    private static final Pattern V8_ALIASED = Pattern.compile("^(?:[\\w$<>]+\\.)*([\\w$<>]+) \\[as [^\\]]+]$");
    private static final Pattern JAVA_GENERATED = Pattern.compile("(\\$\\$Lambda)[$/\\w]*|(\\$Proxy)\\d+|(\\$\\$SpringCGLIB\\$\\$)\\d+|(lambda\\$[\\w]+?)\\$\\d+|(access\\$)\\d+");

    /**
     * The same frames and messages come back event after event, and their regular expressions were the largest part of the
     * drain's CPU (issue #24's profile): message, file and symbol results are pure, so they are remembered, within bounds
     * (event data must not grow these without limit; long names are not kept).
     */
    private static final int REMEMBERED = 10_000;
    private static final int LONGEST_REMEMBERED = 512;
    private static final Map<String, String> MESSAGES = new ConcurrentHashMap<>();
    private static final Map<String, String> FILES = new ConcurrentHashMap<>();
    private static final Map<String, String> SYMBOLS = new ConcurrentHashMap<>();

    private Normalize() {
    }

    /** First line of a message with URLs, e-mails, UUIDs, IPs, quoted values, hex and numbers replaced. */
    static String message(String message) {
        return message == null ? "" : remembered(MESSAGES, message, Normalize::normalizeMessage);
    }

    private static String normalizeMessage(String message) {
        String text = message.strip().lines().findFirst().orElse("");
        text = URL.matcher(text).replaceAll("<url>");
        text = EMAIL.matcher(text).replaceAll("<email>");
        text = UUID_LIKE.matcher(text).replaceAll("<uuid>");
        text = IPV4.matcher(text).replaceAll("<ip>");
        text = IPV6.matcher(text).replaceAll("<ip>");
        text = QUOTED.matcher(text).replaceAll("<quoted>");
        text = HEX.matcher(text).replaceAll("<hex>");
        return NUMBER.matcher(text).replaceAll("<n>");
    }

    /** A frame's file without origin, query string and build hashes. */
    static String file(String file) {
        return file == null ? "" : remembered(FILES, file, Normalize::normalizeFile);
    }

    private static String normalizeFile(String file) {
        String path = URL_ORIGIN.matcher(file).replaceFirst("");
        int cut = indexOfAny(path, '?', '#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        return FILE_HASH.matcher(path).replaceAll("");
    }

    /** A function or module name without compiler-generated numbering. */
    static String symbol(String name) {
        return name == null ? "" : remembered(SYMBOLS, name, Normalize::normalizeSymbol);
    }

    private static String normalizeSymbol(String name) {
        String result = name.strip();
        if (result.startsWith("async ")) {
            result = result.substring(6);
        }
        if (result.startsWith("new ")) {
            result = result.substring(4);
        }
        java.util.regex.Matcher aliased = V8_ALIASED.matcher(result);
        if (aliased.matches()) {
            result = aliased.group(1);
        }
        return JAVA_GENERATED.matcher(result).replaceAll(match -> {
            for (int group = 1; group <= match.groupCount(); group++) {
                if (match.group(group) != null) {
                    return java.util.regex.Matcher.quoteReplacement(match.group(group));
                }
            }
            return "";
        });
    }

    private static String remembered(Map<String, String> known, String input, UnaryOperator<String> normalize) {
        String result = known.get(input);
        if (result == null) {
            result = normalize.apply(input);
            if (input.length() <= LONGEST_REMEMBERED) {
                if (known.size() >= REMEMBERED) {
                    known.clear();
                }
                known.put(input, result);
            }
        }
        return result;
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) {
            return j;
        }
        return j < 0 ? i : Math.min(i, j);
    }
}
