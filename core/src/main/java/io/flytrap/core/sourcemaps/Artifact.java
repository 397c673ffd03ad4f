package io.flytrap.core.sourcemaps;

import java.time.Instant;

/**
 * An uploaded file that helps read a project's events: a source map (or later a minified or original source).
 *
 * @param release null: valid for every release (the original Flytrap's way)
 * @param name    normalised, see {@link ArtifactNames#normalize}
 */
public record Artifact(long id, long projectId, String release, String dist, String name, String kind, long sizeBytes,
                       String sha1, Instant createdAt) {
}
