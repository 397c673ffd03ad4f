package io.flytrap.core.grouping;

import io.flytrap.core.crypto.Digests;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.ExceptionInfo;
import io.flytrap.core.event.StackFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Grouping version 3, in order of precedence:
 * <ol>
 *   <li>the SDK's explicit fingerprint, where "{{ default }}" stands for what Flytrap would have used;</li>
 *   <li>the exception types of the chain and their application frames (module or normalised file, and function;
 *       never line numbers, which move with every edit);</li>
 *   <li>without frames, the exception type and its message with variable parts replaced (numbers, hex, UUIDs,
 *       e-mails, URLs, IPs, quoted values);</li>
 *   <li>without an exception, the normalised message.</li>
 * </ol>
 * Version 3 differs from version 2 only in its input: frames whose SDK left {@code in_app} unset are the
 * application's only when a project rule says so (version 2 took them all as the application's), known library
 * frames never count while other frames exist, and minified functions carry the original name of the function
 * they are, not the name their caller used. Version 2 is computed from the event as version 2 saw it, and
 * version 1 likewise, so the issues they created keep receiving their events (see {@link Grouping#previous()}).
 */
public final class Fingerprinter {

    public static final int VERSION = 3;
    static final int VERSION_2 = 2;

    static final int MAX_TITLE_LENGTH = 200;
    static final int MAX_FRAMES_PER_EXCEPTION = 50;

    private static final Pattern JAVASCRIPT_FILE = Pattern.compile("\\.(?:m|c)?(?:js|ts)x?$");
    private static final Pattern DEFAULT_PLACEHOLDER = Pattern.compile("\\{\\{\\s*default\\s*}}", Pattern.CASE_INSENSITIVE);

    private Fingerprinter() {
    }

    /** For an event nothing rewrote for version 3 (no in-app decisions, no scope names): both views are one. */
    public static Grouping group(Event event) {
        return group(event, event);
    }

    /**
     * @param event         the event as stored and shown: in-app decided by {@link InAppClassifier}, functions
     *                      named from the source map's scopes
     * @param asVersion2Saw the same event before those steps: unset {@code in_app} taken as the application's,
     *                      functions named from their caller's call site
     */
    public static Grouping group(Event event, Event asVersion2Saw) {
        List<String> components = fingerprint(event, Frames::groupingV3);
        ExceptionInfo exception = event.primaryException();
        String title = exception != null ? title(exception.type(), exception.message()) : title(null, event.message());
        StackFrame frame = exception == null ? null : Frames.throwingFrameV3(exception.frames());
        return new Grouping(VERSION, Digests.sha256Hex(String.join("\n", components)), title,
                frame == null ? null : culprit(frame), List.of(
                new Grouping.Previous(VERSION_2, Digests.sha256Hex(String.join("\n", fingerprint(asVersion2Saw, Frames::grouping)))),
                new Grouping.Previous(GroupingV1.VERSION, GroupingV1.fingerprint(asVersion2Saw))));
    }

    private static List<String> fingerprint(Event event, UnaryOperator<List<StackFrame>> frameSelection) {
        return event.fingerprint().isEmpty() ? defaultComponents(event, frameSelection) : explicit(event, frameSelection);
    }

    private static List<String> explicit(Event event, UnaryOperator<List<StackFrame>> frameSelection) {
        List<String> components = new ArrayList<>();
        for (String part : event.fingerprint()) {
            if (DEFAULT_PLACEHOLDER.matcher(part).matches()) {
                components.addAll(defaultComponents(event, frameSelection));
            } else {
                components.add("custom:" + part);
            }
        }
        return components;
    }

    static List<String> defaultComponents(Event event) {
        return defaultComponents(event, Frames::groupingV3);
    }

    /** The components every version from 2 on uses; versions differ in which frames they pick. */
    static List<String> defaultComponents(Event event, UnaryOperator<List<StackFrame>> frameSelection) {
        List<String> components = new ArrayList<>();
        for (ExceptionInfo exception : event.exceptions()) {
            if (exception.frames().isEmpty()) {
                continue;
            }
            components.add("type:" + type(exception));
            StackFrame previous = null;
            int added = 0;
            for (StackFrame frame : frameSelection.apply(exception.frames())) {
                if (added == MAX_FRAMES_PER_EXCEPTION) {
                    break;
                }
                if (previous != null && sameCode(previous, frame)) {
                    continue; // recursion: depth varies, the error does not
                }
                components.add("frame:" + where(frame) + ":" + Normalize.symbol(frame.function()));
                previous = frame;
                added++;
            }
        }
        if (!components.isEmpty()) {
            return components;
        }
        ExceptionInfo exception = event.primaryException();
        if (exception != null) {
            return List.of("type:" + type(exception), "message:" + Normalize.message(exception.message()));
        }
        return List.of("message:" + Normalize.message(event.message()));
    }

    private static boolean sameCode(StackFrame a, StackFrame b) {
        return where(a).equals(where(b)) && Normalize.symbol(a.function()).equals(Normalize.symbol(b.function()));
    }

    private static String where(StackFrame frame) {
        return frame.module() != null ? Normalize.symbol(frame.module()) : Normalize.file(frame.file());
    }

    private static String type(ExceptionInfo exception) {
        return exception.type() == null || exception.type().isBlank() ? "Error" : exception.type().strip();
    }

    /**
     * "checkout in cart.js", "pay in com.example.shop.Cart": where to look first. JavaScript is named by its file
     * (its "module" is a guess from the path); languages with real modules or classes by those.
     */
    static String culprit(StackFrame frame) {
        String file = Normalize.file(frame.file());
        int slash = file.lastIndexOf('/');
        String fileName = slash >= 0 && slash < file.length() - 1 ? file.substring(slash + 1) : file;
        String where = frame.module() != null && !JAVASCRIPT_FILE.matcher(fileName).find() ? frame.module() : fileName;
        if (frame.function() == null || frame.function().isBlank()) {
            return where.isEmpty() ? null : where;
        }
        return where.isEmpty() ? frame.function() : frame.function() + " in " + where;
    }

    static String title(String type, String message) {
        String cleanType = type == null || type.isBlank() ? null : type.strip();
        String firstLine = message == null ? "" : message.strip().lines().findFirst().orElse("");
        String title;
        if (cleanType == null) {
            title = firstLine.isEmpty() ? "<no message>" : firstLine;
        } else {
            title = firstLine.isEmpty() ? cleanType : cleanType + ": " + firstLine;
        }
        return title.length() <= MAX_TITLE_LENGTH ? title : title.substring(0, MAX_TITLE_LENGTH - 1) + "…";
    }

}
