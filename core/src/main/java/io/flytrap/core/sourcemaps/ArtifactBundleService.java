package io.flytrap.core.sourcemaps;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.Scope;
import io.flytrap.core.crypto.Digests;
import io.flytrap.core.projects.Project;
import io.flytrap.core.projects.ProjectService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.io.InputStream;

/**
 * What {@code sentry-cli sourcemaps upload} needs from a server: content-addressed chunks, and assembling them into
 * an artifact bundle (a zip with a manifest.json) whose source maps become the project's artifacts, with their
 * debug IDs. Chunks are checked against their SHA-1 names; the bundle against its checksum; a bundle never
 * unpacks more than the artifact size limit per file or its own size limit in total. A chunk belongs to whoever
 * uploaded it (the account, and the project of the upload token used): only they can assemble or consume it.
 */
@Service
public class ArtifactBundleService {

    /** Sentry's answer to an assemble request. */
    public record AssembleState(String state, List<String> missingChunks, String detail) {
    }

    static final int MAX_BUNDLE_FILES = 10_000;

    private final JdbcClient jdbc;
    private final ProjectService projects;
    private final ArtifactService artifacts;
    private final long maxPendingChunkBytes;
    private final JsonMapper json = JsonMapper.builder().build();

    public ArtifactBundleService(JdbcClient jdbc, ProjectService projects, ArtifactService artifacts,
                                 ArtifactsProperties properties) {
        this.jdbc = jdbc;
        this.projects = projects;
        this.artifacts = artifacts;
        this.maxPendingChunkBytes = properties.maxPendingChunks().toBytes();
    }

    /**
     * Stores one chunk for the caller; its name must be the SHA-1 of its content. Storing a chunk twice changes
     * nothing. Chunks are unusable until assembled, so the bytes one account may leave waiting are capped.
     */
    @Transactional
    public void saveChunk(Caller caller, String sha1, byte[] content) {
        caller.requireScope(Scope.PROJECT_RELEASES);
        if (content.length > artifacts.maxSize()) {
            throw new ArtifactTooLargeException(artifacts.maxSize());
        }
        if (sha1 == null || !Digests.sha1Hex(content).equalsIgnoreCase(sha1)) {
            throw new IllegalArgumentException("a chunk's name must be the SHA-1 of its content");
        }
        // Serialises one account's concurrent uploads, so parallel requests cannot each pass the check
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('upload_chunks', ?))").param(caller.userId())
                .query().listOfRows();
        long waiting = jdbc.sql("""
                        select coalesce(sum(octet_length(content)), 0) from upload_chunks
                        where uploaded_by = ? and created_at > now() - interval '1 day'""")
                .param(caller.userId()).query(Long.class).single();
        if (waiting + content.length > maxPendingChunkBytes) {
            throw new UploadQuotaExceededException(maxPendingChunkBytes);
        }
        jdbc.sql("""
                        insert into upload_chunks (sha1, content, uploaded_by, token_project_id) values (?, ?, ?, ?)
                        on conflict do nothing""")
                .params(sha1.toLowerCase(Locale.ROOT), content, caller.userId(), caller.projectScope()).update();
    }

    /**
     * Assembles the bundle from its chunks (in order) and stores its source maps for each named project. Answers
     * {@code not_found} with the chunks still missing, {@code error} with a reason, or {@code ok}.
     */
    @Transactional
    public AssembleState assemble(Caller caller, List<String> projectRefs, String release, String dist, String checksum,
                                  List<String> chunks) {
        caller.requireScope(Scope.PROJECT_RELEASES);
        List<Project> targets = new ArrayList<>();
        for (String ref : projectRefs == null ? List.<String>of() : projectRefs) {
            targets.add(projects.byReference(caller, ref));
        }
        if (targets.isEmpty()) {
            return new AssembleState("error", List.of(), "no project named");
        }
        if (chunks == null || chunks.isEmpty() || checksum == null) {
            return new AssembleState("error", List.of(), "a bundle needs its checksum and chunks");
        }
        String[] names = chunks.stream().map(c -> c.toLowerCase(Locale.ROOT)).toArray(String[]::new);
        Map<String, byte[]> found = new HashMap<>();
        // Only the caller's own chunks: a SHA-1 is no secret, so naming another account's chunks gets nothing
        jdbc.sql("""
                        select sha1, content from upload_chunks
                        where uploaded_by = ? and token_project_id is not distinct from ? and sha1 = any(?)""")
                .params(caller.userId(), caller.projectScope(), names)
                .query((rs, i) -> found.put(rs.getString(1), rs.getBytes(2))).list();
        List<String> missing = chunks.stream().filter(c -> !found.containsKey(c.toLowerCase(Locale.ROOT))).distinct().toList();
        if (!missing.isEmpty()) {
            return new AssembleState("not_found", missing, null);
        }
        ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        for (String chunk : chunks) {
            bundle.writeBytes(found.get(chunk.toLowerCase(Locale.ROOT)));
            if (bundle.size() > artifacts.maxSize()) {
                return new AssembleState("error", List.of(), "the bundle exceeds the limit of " + artifacts.maxSize() + " bytes");
            }
        }
        byte[] bytes = bundle.toByteArray();
        if (!Digests.sha1Hex(bytes).equalsIgnoreCase(checksum)) {
            return new AssembleState("error", List.of(), "the assembled bundle does not match its checksum");
        }
        try {
            Map<String, byte[]> files = unzip(bytes);
            JsonNode manifest = json.readTree(files.getOrDefault("manifest.json", new byte[0]));
            if (manifest == null || !manifest.has("files")) {
                return new AssembleState("error", List.of(), "the bundle has no manifest.json");
            }
            for (Map.Entry<String, JsonNode> file : manifest.get("files").properties()) {
                JsonNode entry = file.getValue();
                String type = entry.path("type").asString("");
                if (!ArtifactService.KINDS.contains(type)) {
                    continue;
                }
                // minified files are kept too: where their functions are defined names minified frames (scopes)
                byte[] content = files.get(file.getKey());
                String url = entry.path("url").asString(null);
                if (content == null || url == null) {
                    continue;
                }
                String bundleRelease = release != null ? release : manifest.path("release").asString(null);
                String bundleDist = dist != null ? dist : manifest.path("dist").asString(null);
                String debugId = entry.path("headers").path("debug-id").asString(null);
                for (Project project : targets) {
                    artifacts.uploadWithDebugId(caller, project.id(), bundleRelease, bundleDist, url, type, content, debugId);
                }
            }
        } catch (InvalidSourceMapException | IOException | RuntimeException unusable) {
            // all or nothing: no file of a bundle that failed part-way is kept
            TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
            return new AssembleState("error", List.of(), "the bundle could not be read: " + unusable.getMessage());
        }
        jdbc.sql("""
                        delete from upload_chunks
                        where (uploaded_by = ? and token_project_id is not distinct from ? and sha1 = any(?))
                           or created_at < now() - interval '1 day'""")
                .params(caller.userId(), caller.projectScope(), names).update();
        return new AssembleState("ok", List.of(), null);
    }

    /**
     * The bundle's files, each and all bounded, so a zip bomb cannot exhaust memory. Read through the zip's central
     * directory (ZipFile), as sentry-cli's bundles are not all readable front to back as a stream.
     */
    private Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        long total = 0;
        java.nio.file.Path temporary = java.nio.file.Files.createTempFile("flytrap-bundle", ".zip");
        try {
            java.nio.file.Files.write(temporary, zip);
            try (ZipFile bundle = new ZipFile(temporary.toFile())) {
                var entries = bundle.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    if (entry.isDirectory()) {
                        continue;
                    }
                    if (files.size() >= MAX_BUNDLE_FILES) {
                        throw new IOException("more than " + MAX_BUNDLE_FILES + " files");
                    }
                    try (InputStream in = bundle.getInputStream(entry)) {
                        byte[] content = in.readNBytes((int) Math.min(artifacts.maxSize() + 1, Integer.MAX_VALUE - 8));
                        total += content.length;
                        if (content.length > artifacts.maxSize() || total > 4 * artifacts.maxSize()) {
                            throw new ArtifactTooLargeException(artifacts.maxSize());
                        }
                        files.put(entry.getName(), content);
                    }
                }
            }
        } finally {
            java.nio.file.Files.deleteIfExists(temporary);
        }
        return files;
    }
}
