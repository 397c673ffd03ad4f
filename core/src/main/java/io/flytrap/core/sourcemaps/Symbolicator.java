package io.flytrap.core.sourcemaps;

import io.flytrap.core.event.Event;
import io.flytrap.core.event.ExceptionInfo;
import io.flytrap.core.event.SourceLine;
import io.flytrap.core.event.StackFrame;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns minified JavaScript frames back into the original code: each frame with the map of its own file (a stack
 * often spans several bundles), original file, line and column, the original function name, and source lines
 * around it from the map's sourcesContent or an uploaded original source. A frame without a map, or a position the
 * map does not cover, stays as it was; nothing here can fail the event.
 * <p>
 * The function name: a minified frame is named after the minified function ({@code c}), and the map's name at the
 * frame's own position is whatever token stands there (often not the function). The caller's position, though,
 * is the call expression, and the map names that identifier with its original name: so a frame's original
 * function name is the name at its caller's position, when the caller maps too.
 */
@Component
public class Symbolicator {

    static final int CONTEXT_LINES = 5;

    private final SourceMapResolver maps;

    public Symbolicator(SourceMapResolver maps) {
        this.maps = maps;
    }

    public Event symbolicate(Event event) {
        if (event.exceptions().stream().allMatch(e -> e.frames().isEmpty())) {
            return event;
        }
        List<ExceptionInfo> exceptions = new ArrayList<>(event.exceptions().size());
        boolean changed = false;
        for (ExceptionInfo exception : event.exceptions()) {
            List<StackFrame> frames = symbolicate(event.projectId(), event.release(), event.debugIds(), exception.frames());
            changed |= frames != exception.frames();
            exceptions.add(frames == exception.frames() ? exception : exception.withFrames(frames));
        }
        return changed ? event.withExceptions(exceptions) : event;
    }

    /** Frames are caller first: frame i's caller is frame i - 1. */
    private List<StackFrame> symbolicate(long projectId, String release, java.util.Map<String, String> debugIds,
                                         List<StackFrame> frames) {
        List<Optional<Resolved>> resolved = new ArrayList<>(frames.size());
        boolean any = false;
        for (StackFrame frame : frames) {
            Optional<Resolved> one = resolve(projectId, release, frame, frame.file() == null ? null : debugIds.get(frame.file()));
            any |= one.isPresent();
            resolved.add(one);
        }
        if (!any) {
            return frames;
        }
        List<StackFrame> result = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            StackFrame frame = frames.get(i);
            Optional<Resolved> here = resolved.get(i);
            if (here.isEmpty()) {
                result.add(frame);
                continue;
            }
            OriginalPosition position = here.get().position();
            String function = frame.function();
            if (i > 0 && resolved.get(i - 1).isPresent() && resolved.get(i - 1).get().position().name() != null) {
                function = resolved.get(i - 1).get().position().name();
            }
            String source = position.source() == null ? frame.file() : position.source();
            // The map proving the code a bundled dependency is a fact about this frame, not a default: it stands
            // even against an SDK that marked every frame of the bundle as the app's
            boolean dependency = dependency(source);
            result.add(new StackFrame(source, function, frame.module(), position.line(), position.column() + 1,
                    frame.inApp() && !dependency, context(projectId, release, here.get().map(), position),
                    dependency ? Boolean.FALSE : frame.declaredInApp()));
        }
        return result;
    }

    private record Resolved(SourceMap map, OriginalPosition position) {
    }

    private Optional<Resolved> resolve(long projectId, String release, StackFrame frame, String debugId) {
        if (frame.file() == null || frame.line() == null || frame.column() == null || frame.column() < 1) {
            return Optional.empty();
        }
        try {
            return maps.mapFor(projectId, release, frame.file(), debugId)
                    .flatMap(map -> map.lookup(frame.line(), frame.column() - 1).map(p -> new Resolved(map, p)));
        } catch (RuntimeException unexpected) {
            return Optional.empty(); // a lookup problem never costs the event
        }
    }

    /** Dependencies bundled into the app are not the app's code. */
    private static boolean dependency(String source) {
        return source.contains("node_modules/") || source.contains("/~/") || source.startsWith("webpack/");
    }

    /** From the map's sourcesContent, else from an uploaded original source, else none. */
    private List<SourceLine> context(long projectId, String release, SourceMap map, OriginalPosition position) {
        String content = map.sourceContent(position.sourceIndex());
        List<String> lines = content != null ? content.lines().toList()
                : maps.sourceLines(projectId, release, position.source()).orElse(List.of());
        if (lines.isEmpty() || position.line() > lines.size()) {
            return List.of();
        }
        int from = Math.max(1, position.line() - CONTEXT_LINES);
        int to = Math.min(lines.size(), position.line() + CONTEXT_LINES);
        List<SourceLine> context = new ArrayList<>();
        for (int number = from; number <= to; number++) {
            context.add(new SourceLine(number, lines.get(number - 1)));
        }
        return context;
    }
}
