package io.flytrap.core.releases;

import java.time.Instant;
import java.util.List;

/** What a pipeline tells about a release; a null part leaves what is stored as it is. */
public record ReleaseChanges(Instant dateStarted, Instant dateReleased, String url, List<ReleaseCommit> commits) {

    public static final ReleaseChanges NONE = new ReleaseChanges(null, null, null, null);
}
