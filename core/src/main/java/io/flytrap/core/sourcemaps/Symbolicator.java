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
 * frame's own position is whatever token stands there (often not the function). What names the function is its
 * definition: with the generated code uploaded ({@code minified_source}), the function enclosing the frame is
 * found there and the map's name at its name token is the original name (what Sentry's symbolicator does with
 * scopes). Without it, or where the enclosing function is anonymous, the name at the caller's call site stands in:
 * the caller's position is the call expression, which the map names with its original name, but only when the
 * caller maps too and called the function by its own name (not through {@code fn.apply} or an event listener).
 * Grouping version 2 used only the call-site name; {@link Symbolicated#asVersion2Saw()} keeps it for that.
 */
@Component
public class Symbolicator {

    static final int CONTEXT_LINES = 5;

    private final SourceMapResolver maps;

    public Symbolicator(SourceMapResolver maps) {
        this.maps = maps;
    }

    /**
     * @param event         symbolicated, functions named after the function they are in
     * @param asVersion2Saw symbolicated as grouping version 2 saw it, functions named from their caller's call site;
     *                      the same object as {@code event} when no name differs
     */
    public record Symbolicated(Event event, Event asVersion2Saw) {
    }

    public Symbolicated symbolicate(Event event) {
        if (event.exceptions().stream().allMatch(e -> e.frames().isEmpty())) {
            return new Symbolicated(event, event);
        }
        List<ExceptionInfo> exceptions = new ArrayList<>(event.exceptions().size());
        List<ExceptionInfo> version2 = new ArrayList<>(event.exceptions().size());
        boolean changed = false;
        boolean namesDiffer = false;
        for (ExceptionInfo exception : event.exceptions()) {
            Frames frames = symbolicate(event.projectId(), event.release(), event.debugIds(), exception.frames());
            changed |= frames.scoped() != exception.frames();
            namesDiffer |= frames.scoped() != frames.callSiteNamed();
            exceptions.add(frames.scoped() == exception.frames() ? exception : exception.withFrames(frames.scoped()));
            version2.add(frames.callSiteNamed() == exception.frames() ? exception : exception.withFrames(frames.callSiteNamed()));
        }
        if (!changed) {
            return new Symbolicated(event, event);
        }
        Event symbolicated = event.withExceptions(exceptions);
        return new Symbolicated(symbolicated, namesDiffer ? event.withExceptions(version2) : symbolicated);
    }

    private record Frames(List<StackFrame> scoped, List<StackFrame> callSiteNamed) {
    }

    /** Frames are caller first: frame i's caller is frame i - 1. */
    private Frames symbolicate(long projectId, String release, java.util.Map<String, String> debugIds,
                               List<StackFrame> frames) {
        List<Optional<Resolved>> resolved = new ArrayList<>(frames.size());
        boolean any = false;
        for (StackFrame frame : frames) {
            Optional<Resolved> one = resolve(projectId, release, frame, frame.file() == null ? null : debugIds.get(frame.file()));
            any |= one.isPresent();
            resolved.add(one);
        }
        if (!any) {
            return new Frames(frames, frames);
        }
        List<StackFrame> result = new ArrayList<>(frames.size());
        List<StackFrame> callSiteNamed = new ArrayList<>(frames.size());
        boolean namesDiffer = false;
        for (int i = 0; i < frames.size(); i++) {
            StackFrame frame = frames.get(i);
            Optional<Resolved> here = resolved.get(i);
            if (here.isEmpty()) {
                result.add(frame);
                callSiteNamed.add(frame);
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
            StackFrame symbolicated = new StackFrame(source, function, frame.module(), position.line(), position.column() + 1,
                    frame.inApp() && !dependency, context(projectId, release, here.get().map(), position),
                    dependency ? Boolean.FALSE : frame.declaredInApp());
            callSiteNamed.add(symbolicated);
            String scopeName = scopeName(projectId, release, frame, debugIds.get(frame.file()), here.get().map());
            if (scopeName != null && !scopeName.equals(function)) {
                symbolicated = symbolicated.withFunction(scopeName);
                namesDiffer = true;
            }
            result.add(symbolicated);
        }
        return new Frames(result, namesDiffer ? callSiteNamed : result);
    }

    /**
     * The original name of the function enclosing the frame: its definition found in the uploaded generated code,
     * and the map's name at the definition's name token. Null where that cannot be known.
     */
    private String scopeName(long projectId, String release, StackFrame frame, String debugId, SourceMap map) {
        try {
            return maps.minifiedScopes(projectId, release, frame.file(), debugId)
                    .flatMap(scopes -> scopes.enclosing(frame.line(), frame.column() - 1))
                    .map(definition -> map.nameAt(definition.line(), definition.column())
                            // a property or method name is not renamed by minifiers: as written, it is the original
                            .orElse(definition.renamable() ? null : definition.token()))
                    .orElse(null);
        } catch (RuntimeException unexpected) {
            return null; // a scope problem never costs the frame its call-site name
        }
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
