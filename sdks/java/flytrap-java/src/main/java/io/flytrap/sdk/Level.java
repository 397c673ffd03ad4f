package io.flytrap.sdk;

/** How bad an event or breadcrumb is; the names are the protocol's. */
public enum Level {
    FATAL("fatal"), ERROR("error"), WARNING("warning"), INFO("info"), DEBUG("debug");

    private final String protocolName;

    Level(String protocolName) {
        this.protocolName = protocolName;
    }

    /** The value sent in the protocol's {@code level} fields. */
    public String protocolName() {
        return protocolName;
    }
}
