package io.flytrap.core.event;

import java.util.List;

/**
 * One frame of a stack trace. Frames of an exception are ordered caller first, the frame that threw last
 * (the order Sentry uses), whatever order the runtime printed them in.
 *
 * @param file     file path or URL as the runtime reported it
 * @param function function or method name; null for anonymous code
 * @param module   class or module the function belongs to, when the runtime names it (Java, Python)
 * @param inApp    whether the frame belongs to the application rather than a library or the runtime
 * @param context  source lines around {@code line}, when the SDK sent them
 * @param declaredInApp what the frame arrived with: the SDK's {@code in_app}, or for a stack text (which has none)
 *                 the text parser's verdict from the path; null when the SDK left {@code in_app} unset, so project
 *                 rules and platform defaults decide (grouping version 3)
 */
public record StackFrame(String file, String function, String module, Integer line, Integer column,
                         boolean inApp, List<SourceLine> context, Boolean declaredInApp) {

    public StackFrame {
        context = context == null ? List.of() : List.copyOf(context);
    }

    /** A frame whose in-app flag was decided where it was made. */
    public StackFrame(String file, String function, String module, Integer line, Integer column,
                      boolean inApp, List<SourceLine> context) {
        this(file, function, module, line, column, inApp, context, inApp);
    }

    public StackFrame withContext(List<SourceLine> lines) {
        return new StackFrame(file, function, module, line, column, inApp, lines, declaredInApp);
    }

    public StackFrame withInApp(boolean app) {
        return new StackFrame(file, function, module, line, column, app, context, declaredInApp);
    }

    public StackFrame withFunction(String name) {
        return new StackFrame(file, name, module, line, column, inApp, context, declaredInApp);
    }
}
