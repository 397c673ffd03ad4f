package io.flytrap.core.stacktrace;

import io.flytrap.core.event.StackFrame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a stack trace printed as text (what the original Flytrap SDKs send) into structured frames, caller first.
 * Understands V8 (Chrome, Node, Edge), SpiderMonkey/JavaScriptCore (Firefox, Safari), CPython tracebacks and
 * JVM traces. Lines it does not recognise are skipped: the raw text is kept beside the frames anyway.
 */
public final class StackTraceParser {

    /** Long enough for any real trace; a hostile payload cannot make us build millions of frames. */
    static final int MAX_FRAMES = 250;

    // "    at fn (file:10:5)", "    at file:10:5", "    at async fn (file:10:5)", "    at new Foo (file:1:2)"
    private static final Pattern V8_WITH_FUNCTION = Pattern.compile("^\\s*at (?:async )?(?:new )?(.+?) \\((.+?)(?::(\\d+))?(?::(\\d+))?\\)\\s*$");
    private static final Pattern V8_LOCATION_ONLY = Pattern.compile("^\\s*at (?:async )?(.+?)(?::(\\d+))(?::(\\d+))?\\s*$");
    // "fn@https://x/app.js:10:5", "@https://x/app.js:10:5", "global code@file:1:2"
    private static final Pattern GECKO = Pattern.compile("^\\s*(.*?)@(.+?):(\\d+)(?::(\\d+))?\\s*$");
    // '  File "/app/x.py", line 10, in handler'
    private static final Pattern PYTHON = Pattern.compile("^\\s*File \"(.+)\", line (\\d+)(?:, in (.+))?\\s*$");
    // "\tat com.example.Foo.bar(Foo.java:42)", "at java.base/java.lang.Thread.run(Thread.java:1583)"
    private static final Pattern JAVA = Pattern.compile("^\\s*at (?:[\\w.$-]+/)?([\\w.$<>]+)\\.([\\w$<>]+)\\((.*?)(?::(\\d+))?\\)\\s*$");

    /**
     * An error repeats with the same trace, event after event, and its regular expressions were a sixth of the
     * drain's CPU (issue #24's profile): the frames of recent traces are remembered (immutable), within bounds, so
     * event data cannot grow this without limit; long traces are parsed each time.
     */
    private static final int REMEMBERED = 1_000;
    private static final int LONGEST_REMEMBERED = 4_096;
    private static final Map<String, List<StackFrame>> RECENT = new ConcurrentHashMap<>();

    private StackTraceParser() {
    }

    public static List<StackFrame> parse(String stack) {
        if (stack == null || stack.isBlank()) {
            return List.of();
        }
        List<StackFrame> frames = RECENT.get(stack);
        if (frames == null) {
            frames = parseLines(stack);
            if (stack.length() <= LONGEST_REMEMBERED) {
                if (RECENT.size() >= REMEMBERED) {
                    RECENT.clear();
                }
                RECENT.put(stack, frames);
            }
        }
        return frames;
    }

    private static List<StackFrame> parseLines(String stack) {
        String[] lines = stack.split("\\R");
        if (isPython(lines)) {
            return parsePython(lines);
        }
        if (isJava(lines)) {
            return parseJava(lines);
        }
        return parseJavaScript(lines);
    }

    private static boolean isPython(String[] lines) {
        for (String line : lines) {
            if (line.startsWith("Traceback (most recent call last)") || PYTHON.matcher(line).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean isJava(String[] lines) {
        for (String line : lines) {
            Matcher m = JAVA.matcher(line);
            if (m.matches() && (m.group(3).endsWith(".java") || m.group(3).endsWith(".kt")
                    || m.group(3).equals("Native Method") || m.group(3).equals("Unknown Source"))) {
                return true;
            }
        }
        return false;
    }

    /** JavaScript engines print the throwing frame first; we reverse to caller-first. */
    private static List<StackFrame> parseJavaScript(String[] lines) {
        List<StackFrame> frames = new ArrayList<>();
        for (String line : lines) {
            if (frames.size() == MAX_FRAMES) {
                break;
            }
            StackFrame frame = parseJavaScriptLine(line);
            if (frame != null) {
                frames.add(frame);
            }
        }
        Collections.reverse(frames);
        return List.copyOf(frames);
    }

    private static StackFrame parseJavaScriptLine(String line) {
        Matcher m = V8_WITH_FUNCTION.matcher(line);
        if (m.matches()) {
            String location = m.group(2);
            if (location.startsWith("eval at ")) {
                // "eval at fn (file:1:2), <anonymous>:1:1": the outer location is the useful one
                Matcher inner = V8_WITH_FUNCTION.matcher("at " + location.substring("eval at ".length()));
                if (inner.matches()) {
                    return javaScriptFrame(m.group(1), inner.group(2), inner.group(3), inner.group(4));
                }
            }
            return javaScriptFrame(m.group(1), location, m.group(3), m.group(4));
        }
        m = V8_LOCATION_ONLY.matcher(line);
        if (m.matches()) {
            return javaScriptFrame(null, m.group(1), m.group(2), m.group(3));
        }
        m = GECKO.matcher(line);
        if (m.matches()) {
            return javaScriptFrame(m.group(1), m.group(2), m.group(3), m.group(4));
        }
        return null;
    }

    private static StackFrame javaScriptFrame(String function, String file, String line, String column) {
        String name = function == null || function.isBlank() || function.equals("<anonymous>") ? null : function;
        boolean inApp = !(file.contains("/node_modules/") || file.startsWith("node:") || file.equals("native")
                || file.startsWith("internal/") || file.contains("-extension://") || file.equals("<anonymous>"));
        return new StackFrame(file, name, null, toInt(line), toInt(column), inApp, List.of());
    }

    /** CPython prints the most recent call last, which is already caller-first. Only the last traceback counts. */
    private static List<StackFrame> parsePython(String[] lines) {
        List<StackFrame> frames = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("Traceback (most recent call last)")) {
                frames.clear();
                continue;
            }
            Matcher m = PYTHON.matcher(line);
            if (m.matches() && frames.size() < MAX_FRAMES) {
                String file = m.group(1);
                boolean inApp = !(file.contains("site-packages") || file.contains("dist-packages")
                        || file.contains("/lib/python") || file.startsWith("<frozen"));
                frames.add(new StackFrame(file, m.group(3), null, toInt(m.group(2)), null, inApp, List.of()));
            }
        }
        return List.copyOf(frames);
    }

    /** JVM traces print the throwing frame first; "Caused by:" sections belong to other exceptions of the chain. */
    private static List<StackFrame> parseJava(String[] lines) {
        List<StackFrame> frames = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("Caused by:") || line.trim().startsWith("Suppressed:")) {
                break;
            }
            Matcher m = JAVA.matcher(line);
            if (m.matches() && frames.size() < MAX_FRAMES) {
                String module = m.group(1);
                boolean inApp = !(module.startsWith("java.") || module.startsWith("javax.") || module.startsWith("jdk.")
                        || module.startsWith("sun.") || module.startsWith("com.sun.") || module.startsWith("kotlin.")
                        || module.startsWith("org.springframework.") || module.startsWith("org.apache."));
                frames.add(new StackFrame(m.group(3), m.group(2), module, toInt(m.group(4)), null, inApp, List.of()));
            }
        }
        Collections.reverse(frames);
        return List.copyOf(frames);
    }

    private static Integer toInt(String digits) {
        if (digits == null) {
            return null;
        }
        try {
            return Integer.valueOf(digits);
        } catch (NumberFormatException tooLong) {
            return null;
        }
    }
}
