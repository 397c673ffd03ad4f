package io.flytrap.core.event;

import java.util.List;

/**
 * One exception of a chain.
 *
 * @param rawStack the stack exactly as the SDK sent it, kept because a parser can only recognise known formats
 */
public record ExceptionInfo(String type, String message, List<StackFrame> frames, String rawStack) {

    public ExceptionInfo {
        frames = frames == null ? List.of() : List.copyOf(frames);
    }
}
