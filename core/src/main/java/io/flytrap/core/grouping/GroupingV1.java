package io.flytrap.core.grouping;

import io.flytrap.core.crypto.Digests;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.ExceptionInfo;
import io.flytrap.core.event.StackFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Grouping version 1, kept only to find issues it created: the exception type plus the frame that threw;
 * without one, the type plus the message with numbers, UUIDs and hex ids replaced. Do not change it.
 */
final class GroupingV1 {

    static final int VERSION = 1;

    private static final Pattern UUID_LIKE = Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    private static final Pattern HEX_ID = Pattern.compile("\\b(?:0x)?(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{6,}\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
    private static final Pattern FILE_HASH = Pattern.compile("[.-][0-9a-fA-F]{8,}(?=\\.)");
    private static final Pattern URL_ORIGIN = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*");

    private GroupingV1() {
    }

    static String fingerprint(Event event) {
        ExceptionInfo exception = event.primaryException();
        List<String> components = new ArrayList<>();
        if (exception != null) {
            String type = exception.type() == null || exception.type().isBlank() ? "Error" : exception.type().strip();
            StackFrame frame = Frames.throwingFrame(exception.frames());
            components.add("type:" + type);
            if (frame != null && (frame.function() != null || frame.line() != null)) {
                components.add("file:" + file(frame.file()));
                components.add(frame.function() != null ? "function:" + frame.function() : "line:" + frame.line() + ":" + frame.column());
            } else {
                components.add("message:" + message(exception.message()));
            }
        } else {
            components.add("message:" + message(event.message()));
        }
        return Digests.sha256Hex(String.join("\n", components));
    }

    /** Version 1's own copy of file normalisation: frozen, so later changes to grouping cannot move its hashes. */
    static String file(String file) {
        if (file == null) {
            return "";
        }
        String path = URL_ORIGIN.matcher(file).replaceFirst("");
        int query = path.indexOf('?');
        int fragment = path.indexOf('#');
        int cut = query < 0 ? fragment : fragment < 0 ? query : Math.min(query, fragment);
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        return FILE_HASH.matcher(path).replaceAll("");
    }

    static String message(String message) {
        if (message == null) {
            return "";
        }
        String firstLine = message.strip().lines().findFirst().orElse("");
        String withoutUuids = UUID_LIKE.matcher(firstLine).replaceAll("<id>");
        String withoutHex = HEX_ID.matcher(withoutUuids).replaceAll("<id>");
        return NUMBER.matcher(withoutHex).replaceAll("<n>");
    }
}
