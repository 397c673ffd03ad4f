package io.flytrap.core.sourcemaps;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * How a frame's file finds its uploaded map. Names are stored the way Sentry tools write them, {@code ~/path}:
 * a URL's scheme, host, query and fragment do not matter (the same bundle is served from several hosts, with cache
 * busters), only its path. The candidates, best first: the map uploaded for that path; a map uploaded as
 * {@code path.map}; and, as in the original Flytrap, a map named after the file's base name plus {@code .map}
 * (for any file, not only {@code *.min.js}).
 */
public final class ArtifactNames {

    static final int MAX_NAME_LENGTH = 2_000;

    private ArtifactNames() {
    }

    /** The stored form of a name given at upload: "https://cdn/x/app.js?v=1", "/x/app.js" and "~/x/app.js" agree. */
    public static String normalize(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (clean.startsWith("~/")) {
            return clean;
        }
        if (!clean.contains("/")) {
            return clean; // a bare file name, e.g. app.min.js.map: the base-name convention
        }
        return "~" + pathOf(clean);
    }

    /** Names to look for, best first, for a frame's file (a URL or a path). Empty for frames without a file. */
    public static List<String> candidatesFor(String frameFile) {
        if (frameFile == null || frameFile.isBlank() || frameFile.length() > MAX_NAME_LENGTH) {
            return List.of();
        }
        String path = pathOf(frameFile.strip());
        List<String> names = new ArrayList<>(3);
        names.add("~" + path);
        names.add("~" + path + ".map");
        String base = path.substring(path.lastIndexOf('/') + 1);
        if (!base.isEmpty()) {
            names.add(base + ".map");
        }
        return names;
    }

    /**
     * Names an uploaded original source may have, for a map's source entry ("../src/cart.js",
     * "webpack:///./src/cart.js", "src/cart.js"): its path with relative steps removed, as {@code ~/src/cart.js}.
     */
    public static List<String> sourceCandidatesFor(String mapSource) {
        if (mapSource == null || mapSource.isBlank() || mapSource.length() > MAX_NAME_LENGTH) {
            return List.of();
        }
        String path = pathOf(mapSource.strip());
        String[] parts = path.split("/");
        StringBuilder clean = new StringBuilder();
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                continue;
            }
            clean.append('/').append(part);
        }
        return clean.isEmpty() ? List.of() : List.of("~" + clean);
    }

    /** "/static/app.js" from "https://host:8080/static/app.js?v=3#x", "webpack:///static/app.js" or "/static/app.js". */
    private static String pathOf(String location) {
        String path = location;
        int schemeEnd = location.indexOf("://");
        if (schemeEnd > 0 && location.substring(0, schemeEnd).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
            String rest = location.substring(schemeEnd + 3);
            int slash = rest.indexOf('/');
            path = slash < 0 ? "/" : rest.substring(slash);
        }
        int cut = indexOfAny(path, '?', '#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        try {
            path = URI.create("x:" + path.replace(" ", "%20")).getSchemeSpecificPart();
        } catch (IllegalArgumentException notEncoded) {
            // keep it as written: not every frame file is a well-formed URL path
        }
        return path.startsWith("/") ? path : "/" + path;
    }

    private static int indexOfAny(String text, char a, char b) {
        int first = text.indexOf(a);
        int second = text.indexOf(b);
        return first < 0 ? second : second < 0 ? first : Math.min(first, second);
    }
}
