package io.flytrap.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An image tarball as Jib writes it ({@code jib:buildTar}, Docker's archive format): manifest.json naming the
 * config and the gzipped layers, the config with entrypoint, user and ports, and the layers' files. Read with
 * Apache Commons Compress rather than by hand: tar headers have enough variants (long names, PAX) to get wrong.
 */
record ImageTarball(List<String> repoTags, JsonNode config, Map<String, LayerFile> files) {

    /** A file in one of the layers; small files keep their content (the classpath and main-class files). */
    record LayerFile(long size, int mode, long uid, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private static final JsonMapper JSON = new JsonMapper();
    private static final long KEPT_CONTENT_BYTES = 64 * 1024;

    static ImageTarball read(Path tarball) throws IOException {
        Map<String, byte[]> entries = outerEntries(tarball);
        JsonNode manifest = JSON.readTree(required(entries, "manifest.json", tarball)).get(0);
        JsonNode config = JSON.readTree(required(entries, manifest.get("Config").asText(), tarball));
        List<String> tags = new ArrayList<>();
        manifest.get("RepoTags").forEach(tag -> tags.add(tag.asText()));
        Map<String, LayerFile> files = new LinkedHashMap<>();
        for (JsonNode layer : manifest.get("Layers")) {
            readLayer(required(entries, layer.asText(), tarball), files);
        }
        return new ImageTarball(List.copyOf(tags), config.get("config"), files);
    }

    /** Later layers win, as in the container's file system. Paths are absolute ("/app/classes/..."). */
    private static void readLayer(byte[] gzippedTar, Map<String, LayerFile> files) throws IOException {
        try (InputStream in = new GzipCompressorInputStream(new ByteArrayInputStream(gzippedTar));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (!entry.isFile()) continue;
                byte[] content = entry.getSize() <= KEPT_CONTENT_BYTES ? tar.readAllBytes() : new byte[0];
                String path = "/" + entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
                files.put(path, new LayerFile(entry.getSize(), entry.getMode(), entry.getLongUserId(), content));
            }
        }
    }

    /**
     * Unpacks every layer, in order, into {@code rootfs} as a container runtime would (files, directories and
     * symbolic links with their modes; Jib writes no whiteouts). Entries are kept inside {@code rootfs}.
     */
    static void unpack(Path tarball, Path rootfs) throws IOException {
        Map<String, byte[]> entries = outerEntries(tarball);
        JsonNode manifest = JSON.readTree(required(entries, "manifest.json", tarball)).get(0);
        for (JsonNode layer : manifest.get("Layers")) {
            try (InputStream in = new GzipCompressorInputStream(new ByteArrayInputStream(required(entries, layer.asText(), tarball)));
                 TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
                for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                    Path target = rootfs.resolve(entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", "")).normalize();
                    if (!target.startsWith(rootfs)) throw new IOException("layer entry outside the root: " + entry.getName());
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(target.getParent());
                        Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    } else if (entry.isFile()) {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                    }
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        PosixFilePermission[] all = PosixFilePermission.values();
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        // PosixFilePermission lists owner r/w/x, group r/w/x, others r/w/x: bit 8 down to bit 0
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << (8 - bit))) != 0) set.add(all[bit]);
        }
        return set;
    }

    /** The archive's own entries: manifest.json, the config and the gzipped layers, by name. */
    private static Map<String, byte[]> outerEntries(Path tarball) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (entry.isFile()) entries.put(entry.getName(), tar.readAllBytes());
            }
        }
        return entries;
    }

    private static byte[] required(Map<String, byte[]> entries, String name, Path tarball) {
        byte[] content = entries.get(name);
        if (content == null) throw new IllegalStateException(tarball + " has no " + name);
        return content;
    }

    List<String> entrypoint() {
        List<String> entrypoint = new ArrayList<>();
        config.path("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
        return entrypoint;
    }

    List<String> exposedPorts() {
        List<String> ports = new ArrayList<>();
        config.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        return ports;
    }

    String user() {
        return config.path("User").asText();
    }

    String label(String name) {
        return config.path("Labels").path(name).asText(null);
    }

    LayerFile file(String path) {
        return files.get(path);
    }
}
