package io.flytrap.core.grouping;

import io.flytrap.core.event.Event;
import io.flytrap.core.event.ExceptionInfo;
import io.flytrap.core.event.StackFrame;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides which frames are the application's, as Sentry does: what the SDK said wins; where it said nothing, the
 * project's rules; then the platform defaults. A frame nothing decides is not marked as the application's, but
 * stays "undecided" ({@code declaredInApp} null): grouping version 3 prefers undecided frames over known library
 * frames when no frame is the application's, so a Java service whose SDK has no in-app packages is still grouped
 * by its own methods rather than by {@code java.lang.Integer.parseInt}.
 */
public final class InAppClassifier {

    private InAppClassifier() {
    }

    public static Event classify(Event event, InAppRules rules) {
        if (event.exceptions().stream().allMatch(e -> e.frames().isEmpty())) {
            return event;
        }
        List<ExceptionInfo> exceptions = new ArrayList<>(event.exceptions().size());
        for (ExceptionInfo exception : event.exceptions()) {
            exceptions.add(exception.withFrames(exception.frames().stream().map(frame -> classify(frame, rules)).toList()));
        }
        return event.withExceptions(exceptions);
    }

    static StackFrame classify(StackFrame frame, InAppRules rules) {
        Boolean decided = frame.declaredInApp();
        if (decided == null) {
            decided = rules.decide(frame.module(), frame.file());
        }
        if (decided == null && PlatformDefaults.library(frame.module(), frame.file())) {
            decided = Boolean.FALSE;
        }
        return new StackFrame(frame.file(), frame.function(), frame.module(), frame.line(), frame.column(),
                Boolean.TRUE.equals(decided), frame.context(), decided);
    }
}
