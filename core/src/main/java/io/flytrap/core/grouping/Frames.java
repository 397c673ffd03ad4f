package io.flytrap.core.grouping;

import io.flytrap.core.event.StackFrame;

import java.util.List;
import java.util.Set;

final class Frames {

    private Frames() {
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

    /**
     * Version 3's frame that threw: the innermost application frame, else the innermost frame nothing marked as a
     * library's (the SDK, the project's rules and the platform defaults all silent), else the innermost frame.
     */
    static StackFrame throwingFrameV3(List<StackFrame> callerFirst) {
        for (int i = callerFirst.size() - 1; i >= 0; i--) {
            if (callerFirst.get(i).inApp()) {
                return callerFirst.get(i);
            }
        }
        for (int i = callerFirst.size() - 1; i >= 0; i--) {
            if (callerFirst.get(i).declaredInApp() == null) {
                return callerFirst.get(i);
            }
        }
        return callerFirst.isEmpty() ? null : callerFirst.getLast();
    }

    /**
     * Version 3's frames that identify an error: the application's; without any, those nothing marked as a
     * library's; without any, all. Of those the named ones, as in version 2.
     */
    static List<StackFrame> groupingV3(List<StackFrame> callerFirst) {
        List<StackFrame> inApp = callerFirst.stream().filter(StackFrame::inApp).toList();
        List<StackFrame> undecided = callerFirst.stream().filter(frame -> frame.declaredInApp() == null).toList();
        List<StackFrame> candidates = !inApp.isEmpty() ? inApp : !undecided.isEmpty() ? undecided : callerFirst;
        List<StackFrame> named = candidates.stream().filter(frame -> !nameless(frame.function())).toList();
        return named.isEmpty() ? candidates : named;
    }

    /** Names runtimes give code that has none: module top level, anonymous callbacks. */
    private static final Set<String> NAMELESS = Set.of("<anonymous>", "Object.<anonymous>", "<module>", "?", "<unknown>",
            "global code", "eval code");

    /**
     * The frames that identify an error: the application's own (all frames when none is marked as the
     * application's), and of those the named ones. Nameless frames (module top level, anonymous callbacks)
     * only say how the code was entered — a handled call and the same call from a timer differ there and
     * nowhere else — so they count only when no frame has a name.
     */
    static List<StackFrame> grouping(List<StackFrame> callerFirst) {
        List<StackFrame> inApp = callerFirst.stream().filter(StackFrame::inApp).toList();
        List<StackFrame> candidates = inApp.isEmpty() ? callerFirst : inApp;
        List<StackFrame> named = candidates.stream().filter(frame -> !nameless(frame.function())).toList();
        return named.isEmpty() ? candidates : named;
    }

    static boolean nameless(String function) {
        return function == null || function.isBlank() || NAMELESS.contains(function.strip());
    }
}
