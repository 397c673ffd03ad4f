package io.flytrap.core.event;

import java.util.Map;

/** What the SDK told us about where it runs: operating system, browser or runtime, and the end user's address. */
public record ClientInfo(String ip, String os, String browser, String runtime) {

    /** A context's "name version" (e.g. "Chrome 140.0"), the one-line form lists and facets show; null without a name. */
    public static String nameAndVersion(Map<String, Object> context) {
        if (context == null || context.get("name") == null) {
            return null;
        }
        Object version = context.get("version");
        return version == null ? String.valueOf(context.get("name")) : context.get("name") + " " + version;
    }
}
