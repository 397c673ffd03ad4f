package io.flytrap.core.sourcemaps;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.JacksonException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A parsed source map (revision 3): answers "where did this generated line and column come from?".
 * <p>
 * Written for the processor's hot path rather than taken from a library: the Java consumers on Maven Central
 * (Closure Compiler's, and forks of it) build an object per mapping and come with a multi-megabyte compiler, while
 * a 5 MB map holds millions of mappings and the processor also runs as a Lambda. Here all segments live in one int
 * array (five ints each) with an index per generated line, so parsing allocates little and a lookup is a binary
 * search. Correctness is checked against Mozilla's {@code source-map} library on maps made by esbuild and terser.
 * <p>
 * Over Flytrap's usual 250 lines on purpose: the VLQ decoder, the streaming JSON reader and the packed index share
 * the one int array and its layout, which is kept private to this class.
 */
public final class SourceMap {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int FIELDS = 5; // generated column, source, original line, original column, name
    private static final int NONE = -1;

    private final String[] sources;
    private final String[] sourcesContent;
    private final String[] names;
    /** Segments in generated order: FIELDS ints each; source NONE for a segment that maps to nothing. */
    private final int[] segments;
    /** Segment index where each generated line starts; one extra entry at the end. */
    private final int[] lineStarts;
    private final String debugId;

    private SourceMap(String[] sources, String[] sourcesContent, String[] names, int[] segments, int[] lineStarts,
                      String debugId) {
        this.debugId = debugId;
        this.sources = sources;
        this.sourcesContent = sourcesContent;
        this.names = names;
        this.segments = segments;
        this.lineStarts = lineStarts;
    }

    public static SourceMap parse(byte[] json) throws InvalidSourceMapException {
        String mappings = null;
        String sourceRoot = null;
        List<String> sources = List.of();
        List<String> contents = List.of();
        List<String> names = List.of();
        Integer version = null;
        String debugId = null;
        try (JsonParser parser = JSON.createParser(tools.jackson.core.ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidSourceMapException("a source map is a JSON object");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "version" -> version = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : null;
                    case "mappings" -> mappings = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "sourceRoot" -> sourceRoot = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "debugId", "debug_id" -> debugId = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "sources" -> sources = strings(parser, value);
                    case "sourcesContent" -> contents = strings(parser, value);
                    case "names" -> names = strings(parser, value);
                    case "sections" -> throw new InvalidSourceMapException("indexed source maps (sections) are not supported");
                    default -> parser.skipChildren();
                }
            }
        } catch (JacksonException notJson) {
            throw new InvalidSourceMapException("not valid JSON: " + notJson.getOriginalMessage(), notJson);
        }
        if (version == null || version != 3) {
            throw new InvalidSourceMapException("only source map version 3 is supported");
        }
        if (mappings == null) {
            throw new InvalidSourceMapException("the map has no mappings");
        }
        String[] sourceArray = new String[sources.size()];
        for (int i = 0; i < sourceArray.length; i++) {
            String source = sources.get(i);
            sourceArray[i] = sourceRoot == null || sourceRoot.isEmpty() || source == null ? source
                    : sourceRoot.endsWith("/") ? sourceRoot + source : sourceRoot + "/" + source;
        }
        String[] contentArray = new String[sourceArray.length];
        for (int i = 0; i < Math.min(contents.size(), contentArray.length); i++) {
            contentArray[i] = contents.get(i);
        }
        return decode(mappings, sourceArray, contentArray, names.toArray(String[]::new), debugId);
    }

    /** The debug ID sentry-cli (or a bundler) wrote into the map, or null. */
    public String debugId() {
        return debugId;
    }

    private static List<String> strings(JsonParser parser, JsonToken start) throws InvalidSourceMapException {
        if (start != JsonToken.START_ARRAY) {
            parser.skipChildren();
            throw new InvalidSourceMapException("sources, sourcesContent and names must be arrays");
        }
        List<String> values = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            // Names and source lines end up in events, titles and culprits, which PostgreSQL refuses with a NUL in
            // them: replaced as ingest replaces it in events (U+FFFD)
            values.add(token == JsonToken.VALUE_STRING ? parser.getString().replace((char) 0, '\uFFFD') : null);
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                parser.skipChildren();
            }
        }
        return values;
    }

    /** Decodes the Base64 VLQ "mappings" string: lines separated by ';', segments by ','. */
    private static SourceMap decode(String mappings, String[] sources, String[] contents, String[] names,
                                    String debugId) throws InvalidSourceMapException {
        int[] segments = new int[Math.max(16, mappings.length() / 2)];
        int count = 0;
        int[] lineStarts = new int[16];
        int line = 0;
        lineStarts[0] = 0;
        int source = 0;
        int originalLine = 0;
        int originalColumn = 0;
        int name = 0;
        int generatedColumn = 0;
        int[] fields = new int[FIELDS];
        int position = 0;
        int length = mappings.length();
        boolean lineSorted = true;
        int lineFirstSegment = 0;
        while (position <= length) {
            char c = position < length ? mappings.charAt(position) : ';';
            if (c == ';' || position == length) {
                if (!lineSorted) {
                    sortLine(segments, lineFirstSegment, count);
                }
                line++;
                if (line + 1 > lineStarts.length) {
                    lineStarts = Arrays.copyOf(lineStarts, lineStarts.length * 2);
                }
                lineStarts[line] = count;
                lineFirstSegment = count;
                lineSorted = true;
                generatedColumn = 0;
                position++;
                if (position > length) {
                    break;
                }
                continue;
            }
            if (c == ',') {
                position++;
                continue;
            }
            int fieldCount = 0;
            while (position < length && mappings.charAt(position) != ',' && mappings.charAt(position) != ';') {
                if (fieldCount == FIELDS) {
                    throw new InvalidSourceMapException("a mapping segment has more than five fields");
                }
                int value = 0;
                int shift = 0;
                boolean more;
                do {
                    if (position >= length) {
                        throw new InvalidSourceMapException("the mappings end inside a number");
                    }
                    int digit = base64(mappings.charAt(position++));
                    more = (digit & 32) != 0;
                    value += (digit & 31) << shift;
                    shift += 5;
                    if (shift > 30 && more) {
                        throw new InvalidSourceMapException("a mapping number is too large");
                    }
                } while (more);
                fields[fieldCount++] = (value & 1) == 1 ? -(value >>> 1) : value >>> 1;
            }
            if (fieldCount != 1 && fieldCount != 4 && fieldCount != 5) {
                throw new InvalidSourceMapException("a mapping segment has " + fieldCount + " fields");
            }
            if (count * FIELDS + FIELDS > segments.length) {
                segments = Arrays.copyOf(segments, segments.length * 2);
            }
            int previousColumn = generatedColumn;
            generatedColumn += fields[0];
            if (count > lineFirstSegment && generatedColumn < previousColumn) {
                lineSorted = false;
            }
            int at = count * FIELDS;
            segments[at] = generatedColumn;
            if (fieldCount == 1) {
                segments[at + 1] = NONE;
                segments[at + 2] = NONE;
                segments[at + 3] = NONE;
                segments[at + 4] = NONE;
            } else {
                source += fields[1];
                originalLine += fields[2];
                originalColumn += fields[3];
                if (source < 0 || source >= sources.length || originalLine < 0 || originalColumn < 0) {
                    throw new InvalidSourceMapException("a mapping points outside the map's sources");
                }
                segments[at + 1] = source;
                segments[at + 2] = originalLine;
                segments[at + 3] = originalColumn;
                if (fieldCount == 5) {
                    name += fields[4];
                    if (name < 0 || name >= names.length) {
                        throw new InvalidSourceMapException("a mapping points outside the map's names");
                    }
                    segments[at + 4] = name;
                } else {
                    segments[at + 4] = NONE;
                }
            }
            count++;
        }
        return new SourceMap(sources, contents, names, Arrays.copyOf(segments, count * FIELDS),
                Arrays.copyOf(lineStarts, line + 1), debugId);
    }

    private static int base64(char c) throws InvalidSourceMapException {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '+') {
            return 62;
        }
        if (c == '/') {
            return 63;
        }
        throw new InvalidSourceMapException("unexpected character '" + c + "' in mappings");
    }

    /** Rare: a tool wrote a line's segments out of column order. Insertion sort of that line's segments. */
    private static void sortLine(int[] segments, int from, int to) {
        int[] held = new int[FIELDS];
        for (int i = from + 1; i < to; i++) {
            System.arraycopy(segments, i * FIELDS, held, 0, FIELDS);
            int j = i - 1;
            while (j >= from && segments[j * FIELDS] > held[0]) {
                System.arraycopy(segments, j * FIELDS, segments, (j + 1) * FIELDS, FIELDS);
                j--;
            }
            System.arraycopy(held, 0, segments, (j + 1) * FIELDS, FIELDS);
        }
    }

    /**
     * The original position of a generated one: the closest mapping at or before the column on that line, as
     * Mozilla's library answers by default. Empty when nothing on that line maps there.
     *
     * @param line   1-based generated line
     * @param column 0-based generated column
     */
    /**
     * The original name the map gives the token that starts exactly at a generated position: unlike
     * {@link #lookup}, never the name of a mapping further left (which belongs to another token).
     */
    public Optional<String> nameAt(int line, int column) {
        return lookup(line, column).filter(position -> position.name() != null && segmentStartsAt(line, column))
                .map(OriginalPosition::name);
    }

    private boolean segmentStartsAt(int line, int column) {
        int index = line - 1;
        for (int at = lineStarts[index]; at < lineStarts[index + 1]; at++) {
            if (segments[at * FIELDS] == column) {
                return true;
            }
        }
        return false;
    }

    public Optional<OriginalPosition> lookup(int line, int column) {
        int index = line - 1;
        if (index < 0 || index >= lineStarts.length - 1 || column < 0) {
            return Optional.empty();
        }
        int low = lineStarts[index];
        int high = lineStarts[index + 1] - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (segments[middle * FIELDS] <= column) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        if (found < 0 || segments[found * FIELDS + 1] == NONE) {
            return Optional.empty();
        }
        int at = found * FIELDS;
        int source = segments[at + 1];
        int name = segments[at + 4];
        return Optional.of(new OriginalPosition(sources[source], source, segments[at + 2] + 1, segments[at + 3],
                name == NONE ? null : names[name]));
    }

    /** The original source text of that source, if the map carries it (sourcesContent); else null. */
    public String sourceContent(int sourceIndex) {
        return sourceIndex >= 0 && sourceIndex < sourcesContent.length ? sourcesContent[sourceIndex] : null;
    }

    public List<String> sources() {
        return List.of(sources);
    }

    /** Characters of source text the map carries (sourcesContent), for cache weighing. */
    public long contentLength() {
        long total = 0;
        for (String content : sourcesContent) {
            total += content == null ? 0 : content.length();
        }
        return total;
    }

    /** Number of mapping segments: a rough measure of the map's size in memory (20 bytes each). */
    public int segmentCount() {
        return segments.length / FIELDS;
    }
}
