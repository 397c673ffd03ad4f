package io.flytrap.core.alerts;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What makes a rule fire for an issue. */
public enum RuleKind {
    /** The issue's first event. */
    NEW_ISSUE,
    /** A resolved issue has a new event (see the processor's regression rule). */
    REGRESSION,
    /** More than {@code threshold} events within {@code windowMinutes}. */
    FREQUENCY;

    /** The lower-case name the API reads and writes. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RuleKind fromWire(String value) {
        for (RuleKind kind : values()) {
            if (kind.wireName().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("kind must be new_issue, regression or frequency");
    }
}
