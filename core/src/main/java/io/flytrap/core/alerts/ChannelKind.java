package io.flytrap.core.alerts;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Where alerts go. E-mail reaches the project's members who have e-mail alerts on; the rest post to a URL. */
public enum ChannelKind {
    EMAIL, SLACK, DISCORD, WEBHOOK;

    /** The lower-case name the API reads and writes. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean needsUrl() {
        return this != EMAIL;
    }

    public static ChannelKind fromWire(String value) {
        for (ChannelKind kind : values()) {
            if (kind.wireName().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("kind must be email, slack, discord or webhook");
    }
}
