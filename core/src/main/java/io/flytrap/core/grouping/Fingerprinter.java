package io.flytrap.core.grouping;

import io.flytrap.core.event.Event;
import io.flytrap.core.event.ExceptionInfo;
import io.flytrap.core.event.StackFrame;

import io.flytrap.core.crypto.Digests;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Grouping version 1: the exception type plus the frame that threw (preferring application code); without a
 * usable frame, the type plus the message with numbers and ids replaced, so "user 42 not found" and
 * "user 43 not found" are one issue.
 */
public final class Fingerprinter {

    public static final int VERSION = 1;

    static final int MAX_TITLE_LENGTH = 200;

    private static final Pattern UUID_LIKE = Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    // Hex words of six or more characters with at least one digit: object ids, hashes, addresses.
    private static final Pattern HEX_ID = Pattern.compile("\\b(?:0x)?(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{6,}\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    // Bundlers put content hashes into file names (main.3f9a8b7c.js, chunk-4e5f6a7b.js); they change every deploy.
    private static final Pattern FILE_HASH = Pattern.compile("[.-][0-9a-fA-F]{8,}(?=\\.)");
    private static final Pattern URL_ORIGIN = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*");

    private Fingerprinter() {
    }

    public static Grouping group(Event event) {
        ExceptionInfo exception = event.primaryException();
        List<String> components = new ArrayList<>();
        String title;
        String culprit = null;
        if (exception != null) {
            String type = blankToNull(exception.type());
            StackFrame frame = throwingFrame(exception.frames());
            components.add("type:" + (type == null ? "Error" : type));
            if (frame != null && (frame.function() != null || frame.line() != null)) {
                components.add("file:" + normalizeFile(frame.file()));
                components.add(frame.function() != null ? "function:" + frame.function() : "line:" + frame.line() + ":" + frame.column());
                culprit = culpritOf(frame);
            } else {
                components.add("message:" + normalizeMessage(exception.message()));
            }
            title = titleOf(type, exception.message());
        } else {
            components.add("message:" + normalizeMessage(event.message()));
            title = titleOf(null, event.message());
        }
        return new Grouping(VERSION, Digests.sha256Hex(String.join("\n", components)), title, culprit);
    }

    /** The frame that threw: the innermost application frame, else the innermost frame. */
    static StackFrame throwingFrame(List<StackFrame> callerFirst) {
        for (int i = callerFirst.size() - 1; i >= 0; i--) {
            if (callerFirst.get(i).inApp()) {
                return callerFirst.get(i);
            }
        }
        return callerFirst.isEmpty() ? null : callerFirst.getLast();
    }

    static String normalizeMessage(String message) {
        if (message == null) {
            return "";
        }
        String firstLine = message.strip().lines().findFirst().orElse("");
        String withoutUuids = UUID_LIKE.matcher(firstLine).replaceAll("<id>");
        String withoutHex = HEX_ID.matcher(withoutUuids).replaceAll("<id>");
        return NUMBER.matcher(withoutHex).replaceAll("<n>");
    }

    static String normalizeFile(String file) {
        if (file == null) {
            return "";
        }
        String path = URL_ORIGIN.matcher(file).replaceFirst("");
        int cut = indexOfAny(path, '?', '#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        return FILE_HASH.matcher(path).replaceAll("");
    }

    private static String culpritOf(StackFrame frame) {
        String file = frame.module() != null ? frame.module() : normalizeFile(frame.file());
        return frame.function() == null ? file : frame.function() + " (" + file + ")";
    }

    private static String titleOf(String type, String message) {
        String firstLine = message == null ? "" : message.strip().lines().findFirst().orElse("");
        String title;
        if (type == null) {
            title = firstLine.isEmpty() ? "<no message>" : firstLine;
        } else {
            title = firstLine.isEmpty() ? type : type + ": " + firstLine;
        }
        return title.length() <= MAX_TITLE_LENGTH ? title : title.substring(0, MAX_TITLE_LENGTH - 1) + "…";
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) {
            return j;
        }
        return j < 0 ? i : Math.min(i, j);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
