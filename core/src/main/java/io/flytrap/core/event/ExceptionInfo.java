package io.flytrap.core.event;

import java.util.List;

/**
 * One exception of a chain.
 *
 * @param module   the exception type's module or package, when the runtime names it
 * @param rawStack the stack exactly as the SDK sent it, kept because a parser can only recognise known formats
 */
public record ExceptionInfo(String type, String message, String module, List<StackFrame> frames, Mechanism mechanism,
                            String rawStack) {

    public ExceptionInfo {
        frames = frames == null ? List.of() : List.copyOf(frames);
    }

    public ExceptionInfo(String type, String message, List<StackFrame> frames, String rawStack) {
        this(type, message, null, frames, null, rawStack);
    }

    public ExceptionInfo withFrames(List<StackFrame> replaced) {
        return new ExceptionInfo(type, message, module, replaced, mechanism, rawStack);
    }
}
