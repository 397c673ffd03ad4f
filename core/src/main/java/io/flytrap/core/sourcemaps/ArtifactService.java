package io.flytrap.core.sourcemaps;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.Scope;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.crypto.Digests;
import io.flytrap.core.projects.ProjectAccess;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Set;

/**
 * Uploading, listing and deleting a project's artifacts, scoped by membership like everything else. A source map
 * is parsed at upload, so a broken one is refused with its reason instead of silently never matching. Uploading
 * the same name again (same release and dist) replaces the earlier file.
 */
@Service
@Transactional
public class ArtifactService {

    static final Set<String> KINDS = Set.of("source_map", "minified_source", "source");
    static final int MAX_RELEASE_LENGTH = 250;

    private static final RowMapper<Artifact> ARTIFACT = (rs, i) -> new Artifact(rs.getLong("id"), rs.getLong("project_id"),
            rs.getString("release"), rs.getString("dist"), rs.getString("name"), rs.getString("kind"),
            rs.getLong("size_bytes"), rs.getString("sha1"), rs.getTimestamp("created_at").toInstant());

    private final JdbcClient jdbc;
    private final ProjectAccess access;
    private final ArtifactStore store;
    private final long maxSize;

    public ArtifactService(JdbcClient jdbc, ProjectAccess access, ArtifactStore store,
                           ArtifactsProperties properties) {
        this.jdbc = jdbc;
        this.access = access;
        this.store = store;
        this.maxSize = properties.maxSize().toBytes();
    }

    public long maxSize() {
        return maxSize;
    }

    public Artifact upload(Caller caller, long projectId, String release, String dist, String name, String kind,
                           byte[] content) throws InvalidSourceMapException {
        return uploadWithDebugId(caller, projectId, release, dist, name, kind, content, null);
    }

    /** @param debugId the file's debug ID (from sentry-cli's bundle manifest), or null */
    public Artifact uploadWithDebugId(Caller caller, long projectId, String release, String dist, String name, String kind,
                                      byte[] content, String debugId) throws InvalidSourceMapException {
        access.require(caller, projectId, Scope.PROJECT_RELEASES);
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind must be one of " + KINDS);
        }
        if (content.length > maxSize) {
            throw new ArtifactTooLargeException(maxSize);
        }
        String cleanRelease = blankToNull(release);
        if (cleanRelease != null && cleanRelease.length() > MAX_RELEASE_LENGTH) {
            throw new IllegalArgumentException("release must be at most " + MAX_RELEASE_LENGTH + " characters");
        }
        String cleanDist = blankToNull(dist);
        String cleanName = ArtifactNames.normalize(name);
        String mapDebugId = null;
        if (kind.equals("source_map")) {
            mapDebugId = SourceMap.parse(content).debugId(); // refuse what would never work, with the reason
        }
        jdbc.sql("""
                        delete from artifacts where project_id = ? and release is not distinct from ? and dist is not distinct from ?
                        and name = ? and kind = ?""")
                .params(projectId, cleanRelease, cleanDist, cleanName, kind).update();
        java.util.UUID cleanDebugId = parseDebugId(debugId != null ? debugId : mapDebugId);
        long id = jdbc.sql("""
                        insert into artifacts (project_id, release, dist, name, kind, storage, size_bytes, sha1, debug_id)
                        values (?, ?, ?, ?, ?, 'database', ?, ?, ?) returning id""")
                .params(projectId, cleanRelease, cleanDist, cleanName, kind, content.length, Digests.sha1Hex(content),
                        cleanDebugId)
                .query(Long.class).single();
        ArtifactStore.StoredAt storedAt = store.save(id, content);
        jdbc.sql("update artifacts set storage = ?, storage_key = ? where id = ?")
                .params(storedAt.storage(), storedAt.key(), id).update();
        return get(projectId, id);
    }

    @Transactional(readOnly = true)
    public List<Artifact> list(Caller caller, long projectId, String release) {
        access.require(caller, projectId, Scope.PROJECT_RELEASES, Scope.PROJECT_READ);
        String cleanRelease = blankToNull(release);
        return jdbc.sql("""
                        select * from artifacts where project_id = ? and (cast(? as text) is null or release = ?)
                        order by release nulls first, name, id""")
                .params(projectId, cleanRelease, cleanRelease).query(ARTIFACT).list();
    }

    public void delete(Caller caller, long projectId, long artifactId) {
        access.require(caller, projectId, Scope.PROJECT_RELEASES);
        get(projectId, artifactId);
        store.delete(artifactId);
        jdbc.sql("delete from artifacts where id = ?").param(artifactId).update();
    }

    private Artifact get(long projectId, long artifactId) {
        return jdbc.sql("select * from artifacts where id = ? and project_id = ?").params(artifactId, projectId)
                .query(ARTIFACT).optional().orElseThrow(() -> new NotFoundException("artifact"));
    }

    /** A debug ID as UUID, with or without dashes (sentry-cli writes them both ways); null if it is none. */
    static java.util.UUID parseDebugId(String debugId) {
        if (debugId == null || debugId.isBlank()) {
            return null;
        }
        try {
            String hex = debugId.strip().replace("-", "");
            return hex.length() < 32 ? null : java.util.UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-"
                    + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-" + hex.substring(20, 32));
        } catch (IllegalArgumentException notAnId) {
            return null; // a debug ID is a hint for matching, never a reason to refuse a map
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
