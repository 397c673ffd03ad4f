package io.flytrap.core.sourcemaps;

/**
 * Where a generated position came from.
 *
 * @param sourceIndex index into the map's sources, for {@link SourceMap#sourceContent(int)}
 * @param line        1-based, like stack traces
 * @param column      0-based, as source maps count
 * @param name        the original identifier at that position, if the map names one; else null
 */
public record OriginalPosition(String source, int sourceIndex, int line, int column, String name) {
}
