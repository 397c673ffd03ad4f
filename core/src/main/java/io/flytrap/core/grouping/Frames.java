package io.flytrap.core.grouping;

import io.flytrap.core.event.StackFrame;

import java.util.List;

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

    /** The application's own frames; all frames when none is marked as the application's. */
    static List<StackFrame> grouping(List<StackFrame> callerFirst) {
        List<StackFrame> inApp = callerFirst.stream().filter(StackFrame::inApp).toList();
        return inApp.isEmpty() ? callerFirst : inApp;
    }
}
