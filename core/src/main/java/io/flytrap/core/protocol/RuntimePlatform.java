package io.flytrap.core.protocol;

import java.util.Locale;

/**
 * The platform of a native event that does not name one, from the {@code runtime} the original SDKs send:
 * {@code "Node.js v20.20.2"} (flytrap_express) or {@code "Python/3.11.2"} (flytrap_flask). The platform picks how
 * frames are read and shown, so a Flask error stored as {@code node} is shown wrongly.
 */
final class RuntimePlatform {

    private RuntimePlatform() {
    }

    static String of(String runtime) {
        if (runtime == null) {
            return "other";
        }
        String name = runtime.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("python") || name.startsWith("cpython") || name.startsWith("pypy")) {
            return "python";
        }
        if (name.startsWith("node") || name.startsWith("bun") || name.startsWith("deno")) {
            return "node";
        }
        return "other";
    }
}
