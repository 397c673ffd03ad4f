package io.flytrap.core.sourcemaps;

import java.util.Optional;

/**
 * Where artifact bytes live: PostgreSQL (local and container installs) or S3 (AWS). The artifacts table always
 * holds the metadata; the store holds the content.
 */
public interface ArtifactStore {

    /** @return the storage kind and key to record ('database' stores inline and needs no key) */
    StoredAt save(long artifactId, byte[] content);

    Optional<byte[]> load(long artifactId);

    void delete(long artifactId);

    /**
     * A map someone put into the store by hand, outside Flytrap's uploads, at {@code <project id>/<file name>} (the
     * original Flytrap's bucket layout). Only a bucket can hold such files; the database store has none.
     */
    default Optional<byte[]> loadPlaced(long projectId, String fileName) {
        return Optional.empty();
    }

    record StoredAt(String storage, String key) {
    }
}
