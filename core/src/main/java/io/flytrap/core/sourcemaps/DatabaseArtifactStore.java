package io.flytrap.core.sourcemaps;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Artifact bytes in the artifacts row itself: the default, and what the laptop and container installs use. */
@Component
@ConditionalOnProperty(name = "flytrap.artifacts.storage", havingValue = "database", matchIfMissing = true)
class DatabaseArtifactStore implements ArtifactStore {

    private final JdbcClient jdbc;

    DatabaseArtifactStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public StoredAt save(long artifactId, byte[] content) {
        jdbc.sql("update artifacts set content = ? where id = ?").params(content, artifactId).update();
        return new StoredAt("database", null);
    }

    @Override
    public Optional<byte[]> load(long artifactId) {
        return jdbc.sql("select content from artifacts where id = ? and content is not null").param(artifactId)
                .query(byte[].class).optional();
    }

    @Override
    public void delete(long artifactId) {
        // the row's deletion takes the content with it
    }
}
