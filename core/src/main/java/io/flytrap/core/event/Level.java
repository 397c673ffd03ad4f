package io.flytrap.core.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;

/** Severity of an event, in the vocabulary Sentry SDKs use so both protocols map onto one scale. */
public enum Level {
    FATAL, ERROR, WARNING, INFO, DEBUG;

    /** Reads the stored form back; unknown values (from a future version) fall back to error. */
    @JsonCreator
    static Level fromWire(String value) {
        return parse(value).orElse(ERROR);
    }

    public static Optional<Level> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "fatal", "critical" -> Optional.of(FATAL);
            case "error" -> Optional.of(ERROR);
            case "warning", "warn" -> Optional.of(WARNING);
            case "info", "log" -> Optional.of(INFO);
            case "debug" -> Optional.of(DEBUG);
            default -> Optional.empty();
        };
    }

    /** The lower-case name both protocols use on the wire, and the JSON form of the event. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
