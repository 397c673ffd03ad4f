package io.flytrap.core.releases;

import java.time.Instant;

/** One commit of a release, as the build pipeline reported it (sentry-cli reads it from the local git tree). */
public record ReleaseCommit(String id, String repository, String message, String authorName, String authorEmail,
                            Instant timestamp) {
}
