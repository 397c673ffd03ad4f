package io.flytrap.dashboard.releases;

import io.flytrap.core.projects.Project;
import io.flytrap.core.releases.Deploy;
import io.flytrap.core.releases.Release;
import io.flytrap.core.releases.ReleaseChanges;
import io.flytrap.core.releases.ReleaseCommit;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Sentry's release, commit and deploy JSON, as sentry-cli sends and reads it. */
final class SentryReleaseJson {

    private SentryReleaseJson() {
    }

    /**
     * POST …/releases/ ({@code releases new}, and first thing in {@code set-commits}); {@code releases archive} and
     * {@code restore} post a status instead.
     */
    record NewRelease(String version, List<String> projects, String url, Instant dateStarted, Instant dateReleased,
                      List<Commit> commits, String status) {
        ReleaseChanges changes() {
            return new ReleaseChanges(dateStarted, dateReleased, url, Commit.toDomain(commits));
        }
    }

    /** PUT …/releases/{version}/ ({@code finalize} sends dateReleased, {@code set-commits} the commits). */
    record UpdatedRelease(List<String> projects, String url, Instant dateStarted, Instant dateReleased,
                          List<Commit> commits) {
        ReleaseChanges changes() {
            return new ReleaseChanges(dateStarted, dateReleased, url, Commit.toDomain(commits));
        }
    }

    /** A commit from the local git tree; sentry-cli writes these keys in snake case. */
    record Commit(String id, String repository, String message, @JsonProperty("author_name") String authorName,
                  @JsonProperty("author_email") String authorEmail, Instant timestamp) {
        static List<ReleaseCommit> toDomain(List<Commit> commits) {
            return commits == null ? null : commits.stream().map(c -> c == null ? null
                    : new ReleaseCommit(c.id, c.repository, c.message, c.authorName, c.authorEmail, c.timestamp)).toList();
        }

        static Commit of(ReleaseCommit c) {
            return new Commit(c.id(), c.repository(), c.message(), c.authorName(), c.authorEmail(), c.timestamp());
        }
    }

    /** {@code deploys new}; {@code projects} only when the CLI was given --project. */
    record NewDeploy(String environment, String name, String url, Instant dateStarted, Instant dateFinished,
                     List<String> projects) {
        Deploy toDomain() {
            return new Deploy(0, environment, name, url, dateStarted, dateFinished);
        }
    }

    record DeployOut(String id, String environment, String name, String url, Instant dateStarted, Instant dateFinished) {
        static DeployOut of(Deploy d) {
            return new DeployOut(Long.toString(d.id()), d.environment(), d.name(), d.url(), d.dateStarted(), d.dateFinished());
        }
    }

    record ProjectRef(long id, String slug, String name) {
    }

    /** One Sentry release: the rows of that version across the caller's projects, summed up. */
    record ReleaseOut(String version, String shortVersion, String url, Instant dateCreated, Instant dateStarted,
                      Instant dateReleased, Instant firstEvent, Instant lastEvent, long newGroups, long commitCount,
                      long deployCount, List<ProjectRef> projects) {

        static ReleaseOut of(List<Release> rows, Map<Long, Project> projects) {
            Release first = rows.getFirst();
            return new ReleaseOut(first.version(), first.version(),
                    rows.stream().map(Release::url).filter(Objects::nonNull).findFirst().orElse(null),
                    earliest(rows.stream().map(Release::createdAt).toList()),
                    earliest(rows.stream().map(Release::dateStarted).toList()),
                    latest(rows.stream().map(Release::dateReleased).toList()),
                    earliest(rows.stream().map(Release::firstEvent).toList()),
                    latest(rows.stream().map(Release::lastEvent).toList()),
                    rows.stream().mapToLong(Release::newIssues).sum(),
                    rows.stream().mapToLong(Release::commitCount).max().orElse(0),
                    rows.stream().mapToLong(Release::deployCount).sum(),
                    rows.stream().map(r -> projects.get(r.projectId())).filter(Objects::nonNull)
                            .map(p -> new ProjectRef(p.id(), p.slug(), p.name())).toList());
        }

        private static Instant earliest(List<Instant> instants) {
            return instants.stream().filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
        }

        private static Instant latest(List<Instant> instants) {
            return instants.stream().filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
        }
    }
}
