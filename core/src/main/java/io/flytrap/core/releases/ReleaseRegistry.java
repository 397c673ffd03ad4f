package io.flytrap.core.releases;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;

/**
 * Records that a release exists, the first time anything names it: an event that carries it, or resolving an
 * issue in it. Its creation time orders releases for regression checks, so the first sighting is the one kept.
 */
@Component
public class ReleaseRegistry {

    private final JdbcTemplate jdbc;

    ReleaseRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A release of a project, as events and resolutions name it. */
    public record Named(long projectId, String version) {
    }

    /** Registers each release not known yet, in the caller's transaction; blank versions are ignored. */
    public void registerSeen(Collection<Named> releases) {
        List<Object[]> rows = releases.stream()
                .filter(release -> release.version() != null && !release.version().isBlank())
                .distinct().map(release -> new Object[]{release.projectId(), release.version()}).toList();
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("insert into releases (project_id, version) values (?, ?) on conflict do nothing", rows);
        }
    }
}
