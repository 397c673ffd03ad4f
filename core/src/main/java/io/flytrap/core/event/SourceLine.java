package io.flytrap.core.event;

/** A line of source code shown around a frame. */
public record SourceLine(int number, String code) {
}
