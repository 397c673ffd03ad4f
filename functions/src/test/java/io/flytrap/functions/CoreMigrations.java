package io.flytrap.functions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The migrations core ships, read from its sources, so tests need no edit when a migration is added. */
public final class CoreMigrations {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.sql");

    private CoreMigrations() {
    }

    public static List<Integer> versions() {
        try (var files = Files.list(Path.of("..", "core", "src", "main", "resources", "db", "migration"))) {
            return files.map(file -> VERSIONED.matcher(file.getFileName().toString())).filter(Matcher::matches)
                    .map(match -> Integer.valueOf(match.group(1))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String newest() {
        return versions().getLast().toString();
    }

    public static String secondNewest() {
        List<Integer> versions = versions();
        return versions.get(versions.size() - 2).toString();
    }
}
