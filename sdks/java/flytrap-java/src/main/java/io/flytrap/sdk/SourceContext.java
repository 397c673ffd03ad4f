package io.flytrap.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lines around a frame, read from the app's sources where they exist: below the configured source roots (an
 * app run from its project directory) or on the classpath (sources packaged beside the classes). Used on the sender
 * thread only. Files are cached (the last 25, at most 1 MB each); a file that cannot be found is remembered as such.
 */
final class SourceContext {

    static final int LINES = 5;
    private static final int MAX_FILES = 25;
    private static final long MAX_FILE_BYTES = 1024 * 1024;
    private static final int MAX_LINE_CHARS = 200;

    /** Lines of a frame: up to 5 before, the line itself, up to 5 after. */
    record Lines(List<String> before, String line, List<String> after) {
    }

    private final List<Path> roots;
    private final ClassLoader loader;
    private final Map<String, Optional<List<String>>> cache = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<List<String>>> eldest) {
            return size() > MAX_FILES;
        }
    };

    SourceContext(List<Path> roots, ClassLoader loader) {
        this.roots = List.copyOf(roots);
        this.loader = loader;
    }

    /** Empty when the file cannot be found or read, or has no such line. */
    Optional<Lines> around(StackTraceElement element) {
        String file = element.getFileName();
        int number = element.getLineNumber();
        if (file == null || number < 1 || file.contains("/") || file.contains("\\")) {
            return Optional.empty();
        }
        String className = element.getClassName();
        int dot = className.lastIndexOf('.');
        String relative = (dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + "/") + file;
        Optional<List<String>> lines = cache.computeIfAbsent(relative, this::read);
        if (lines.isEmpty() || number > lines.get().size()) {
            return Optional.empty();
        }
        List<String> all = lines.get();
        int index = number - 1;
        return Optional.of(new Lines(clip(all.subList(Math.max(0, index - LINES), index)), clip(all.get(index)),
                clip(all.subList(index + 1, Math.min(all.size(), index + 1 + LINES)))));
    }

    private Optional<List<String>> read(String relative) {
        try {
            for (Path root : roots) {
                Path path = root.resolve(relative);
                if (Files.isRegularFile(path) && Files.size(path) <= MAX_FILE_BYTES) {
                    return Optional.of(List.copyOf(Files.readAllLines(path, StandardCharsets.UTF_8)));
                }
            }
            URL resource = loader == null ? null : loader.getResource(relative);
            if (resource != null) {
                try (InputStream in = resource.openStream()) {
                    byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
                    if (bytes.length <= MAX_FILE_BYTES) {
                        return Optional.of(new String(bytes, StandardCharsets.UTF_8).lines().toList());
                    }
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // an event without code context is still worth sending
        }
        return Optional.empty();
    }

    private static List<String> clip(List<String> lines) {
        return lines.stream().map(SourceContext::clip).toList();
    }

    private static String clip(String line) {
        return line.length() <= MAX_LINE_CHARS ? line : line.substring(0, MAX_LINE_CHARS) + "…";
    }
}
