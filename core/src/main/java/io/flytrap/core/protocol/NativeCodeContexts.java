package io.flytrap.core.protocol;

import io.flytrap.core.event.SourceLine;
import io.flytrap.core.event.StackFrame;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code codeContexts} of a native error: source lines around each frame, attached to the frame they belong to.
 * Shaped after what the original Flytrap SDKs really send (getflytrap/flytrap_javascript 43f3745,
 * flytrap_express 695bd11, flytrap_flask 3e2cb5b): {@code context} is {@code JSON.stringify} / {@code json.dumps}
 * of the lines joined by newlines, starting 5 lines above the error line; the browser SDK's frame regex leaves the
 * function in {@code file} ({@code "at renderPrice (http://host/app.js"}); Flask sends no column.
 */
final class NativeCodeContexts {

    /** The original SDKs' default: 5 lines either side of the error line. */
    private static final int ORIGINAL_LINES_ABOVE = 5;
    /** {@code at fn (url} or {@code at url}: a V8 stack line cut at its line number by the browser SDK's regex. */
    private static final Pattern V8_LINE_PREFIX = Pattern.compile("^\\s*at\\s+(?:(.*?)\\s+\\()?(.+?)\\)?$");

    private final EventFields fields;

    NativeCodeContexts(EventFields fields) {
        this.fields = fields;
    }

    record CodeContext(String function, String file, int line, Integer column, List<SourceLine> lines) {

        StackFrame asFrame() {
            return new StackFrame(file, function, null, line, column, true, lines);
        }
    }

    List<CodeContext> read(JsonNode data) throws InvalidPayloadException {
        JsonNode array = data.get("codeContexts");
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new InvalidPayloadException("data.codeContexts", "must be an array");
        }
        List<CodeContext> contexts = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "data.codeContexts[" + i + "]";
            JsonNode item = array.get(i);
            if (!item.isObject()) {
                throw new InvalidPayloadException(path, "must be an object");
            }
            String file = fields.string(item, "file", path + ".file");
            Integer line = fields.integer(item, "line", path + ".line");
            Integer column = fields.integer(item, "column", path + ".column");
            String context = fields.string(item, "context", path + ".context");
            if (file != null && line != null && context != null) {
                contexts.add(context(file, line, column, sourceLines(context, line)));
            }
        }
        return contexts;
    }

    private static CodeContext context(String file, int line, Integer column, List<SourceLine> lines) {
        Matcher v8 = V8_LINE_PREFIX.matcher(file);
        if (v8.matches()) {
            return new CodeContext(v8.group(1), v8.group(2), line, column, lines);
        }
        return new CodeContext(null, file, line, column, lines);
    }

    /**
     * The original SDKs send a JSON string of the lines; a plain string (not JSON) is taken as the lines themselves.
     * We also accept an object of line number to code, an array of {line, code} objects, or an array of lines
     * centred on the error line. Anything else is ignored: the context is a nicety, never a reason to refuse an error.
     */
    static List<SourceLine> sourceLines(String context, int errorLine) {
        JsonNode node = ProtocolJson.readOrNull(context);
        if (node == null) {
            return linesFromText(context, errorLine);
        }
        List<SourceLine> lines = new ArrayList<>();
        if (node.isString()) {
            return linesFromText(node.stringValue(), errorLine);
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (entry.getKey().matches("\\d{1,9}") && entry.getValue().isString()) {
                    lines.add(new SourceLine(Integer.parseInt(entry.getKey()), entry.getValue().stringValue()));
                }
            }
        } else if (node.isArray()) {
            int first = errorLine - node.size() / 2;
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (item.isString()) {
                    lines.add(new SourceLine(first + i, item.stringValue()));
                } else if (item.isObject() && item.path("line").isInt()) {
                    JsonNode code = item.has("code") ? item.get("code") : item.path("content");
                    lines.add(new SourceLine(item.get("line").intValue(), code.asString("")));
                }
            }
        }
        lines.sort(Comparator.comparingInt(SourceLine::number));
        return lines;
    }

    /** Lines as the original SDKs cut them: from 5 above the error line (or the file's first line) on. */
    private static List<SourceLine> linesFromText(String text, int errorLine) {
        if (text.isBlank()) {
            return List.of();
        }
        String[] split = text.split("\r?\n", -1);
        int first = Math.max(errorLine - ORIGINAL_LINES_ABOVE, 1);
        List<SourceLine> lines = new ArrayList<>(split.length);
        for (int i = 0; i < split.length; i++) {
            lines.add(new SourceLine(first + i, split[i]));
        }
        return lines;
    }

    /**
     * Puts each context on the frame it describes. With no frames from the stack text (an SDK that sent none), the
     * contexts themselves are the frames: they name file, line and column, enough to symbolicate and group.
     */
    static List<StackFrame> attach(List<StackFrame> frames, List<CodeContext> contexts) {
        if (contexts.isEmpty()) {
            return frames;
        }
        if (frames.isEmpty()) {
            // the original SDKs list the throwing frame first; frames run caller first
            return contexts.reversed().stream().map(CodeContext::asFrame).toList();
        }
        List<StackFrame> result = new ArrayList<>(frames.size());
        for (StackFrame frame : frames) {
            StackFrame withContext = frame;
            for (CodeContext context : contexts) {
                if (frame.line() != null && frame.line() == context.line() && frame.file() != null
                        && (frame.file().equals(context.file()) || frame.file().endsWith(context.file()))) {
                    withContext = frame.withContext(context.lines());
                    break;
                }
            }
            result.add(withContext);
        }
        return result;
    }
}
