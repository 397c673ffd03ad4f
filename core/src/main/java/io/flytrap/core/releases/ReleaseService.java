package io.flytrap.core.releases;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.Scope;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.projects.ProjectAccess;
import io.flytrap.core.projects.ProjectService;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Releases as a build pipeline describes them: created, finalized, given their commits and deploys. Every call
 * checks the caller's access to the project; a release the caller may not see is "not found", like a missing one.
 */
@Service
@Transactional
public class ReleaseService {

    public static final int MAX_LIST = 200;

    /** The newest commits are the ones worth showing; an unbounded list would only cost storage. */
    static final int MAX_COMMITS = 1000;

    private static final String WITH_ACTIVITY = """
            select r.*,
                   (select min(ir.first_seen) from issue_releases ir join issues i on i.id = ir.issue_id
                    where i.project_id = r.project_id and ir.release = r.version) as first_event,
                   (select max(ir.last_seen) from issue_releases ir join issues i on i.id = ir.issue_id
                    where i.project_id = r.project_id and ir.release = r.version) as last_event,
                   (select count(*) from issues i where i.project_id = r.project_id and i.first_release = r.version
                    and i.status <> 'merged') as new_issues,
                   (select count(*) from release_commits c where c.release_id = r.id) as commit_count,
                   (select count(*) from release_deploys d where d.release_id = r.id) as deploy_count
            from releases r""";

    private static final RowMapper<Release> RELEASE = (rs, i) -> new Release(rs.getLong("id"), rs.getLong("project_id"),
            rs.getString("version"), rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("date_started")),
            instant(rs.getTimestamp("date_released")), rs.getString("url"), instant(rs.getTimestamp("first_event")),
            instant(rs.getTimestamp("last_event")), rs.getLong("new_issues"), rs.getLong("commit_count"),
            rs.getLong("deploy_count"));

    private static final RowMapper<Deploy> DEPLOY = (rs, i) -> new Deploy(rs.getLong("id"), rs.getString("environment"),
            rs.getString("name"), rs.getString("url"), instant(rs.getTimestamp("date_started")),
            rs.getTimestamp("date_finished").toInstant());

    private static final RowMapper<ReleaseCommit> COMMIT = (rs, i) -> new ReleaseCommit(rs.getString("commit_id"),
            rs.getString("repository"), rs.getString("message"), rs.getString("author_name"),
            rs.getString("author_email"), instant(rs.getTimestamp("committed_at")));

    private final JdbcClient jdbc;
    private final ProjectService projects;
    private final ProjectAccess access;
    private final Clock clock;

    public ReleaseService(JdbcClient jdbc, ProjectService projects, ProjectAccess access, Clock clock) {
        this.jdbc = jdbc;
        this.projects = projects;
        this.access = access;
        this.clock = clock;
    }

    /** Creates the release, or takes the details for the one that exists: running a pipeline twice is harmless. */
    public ReleaseCreated create(Caller caller, long projectId, String version, ReleaseChanges changes) {
        access.require(caller, projectId, Scope.PROJECT_RELEASES);
        ReleaseRules.requireValidVersion(version);
        ReleaseRules.requireValid(changes);
        boolean isNew = jdbc.sql("""
                        insert into releases (project_id, version) values (?, ?)
                        on conflict (project_id, version) do update set version = excluded.version
                        returning (xmax = 0)""")
                .params(projectId, version).query(Boolean.class).single();
        long id = idOf(projectId, version);
        apply(id, changes);
        return new ReleaseCreated(load(id), isNew);
    }

    public Release update(Caller caller, long projectId, String version, ReleaseChanges changes) {
        access.require(caller, projectId, Scope.PROJECT_RELEASES);
        ReleaseRules.requireValid(changes);
        long id = existing(projectId, version);
        apply(id, changes);
        return load(id);
    }

    @Transactional(readOnly = true)
    public Optional<Release> find(Caller caller, long projectId, String version) {
        access.require(caller, projectId, Scope.PROJECT_RELEASES, Scope.PROJECT_READ);
        return jdbc.sql(WITH_ACTIVITY + " where r.project_id = ? and r.version = ?").params(projectId, version)
                .query(RELEASE).optional();
    }

    public Release get(Caller caller, long projectId, String version) {
        return find(caller, projectId, version).orElseThrow(() -> new NotFoundException("release"));
    }

    /**
     * The release of that version in each project the caller may reach: Sentry's tools speak of one release of
     * the organization where Flytrap keeps one per project.
     */
    @Transactional(readOnly = true)
    public List<Release> findInEveryProject(Caller caller, String version) {
        caller.requireScope(Scope.PROJECT_RELEASES, Scope.PROJECT_READ);
        Long[] reachable = projects.listVisibleTo(caller).stream().map(p -> p.id()).toArray(Long[]::new);
        return jdbc.sql(WITH_ACTIVITY + " where r.version = ? and r.project_id = any(?) order by r.project_id")
                .params(version, reachable).query(RELEASE).list();
    }

    /** The project's releases, newest first. */
    @Transactional(readOnly = true)
    public List<Release> list(Caller caller, long projectId, int limit) {
        access.require(caller, projectId, Scope.PROJECT_RELEASES, Scope.PROJECT_READ);
        return jdbc.sql(WITH_ACTIVITY + " where r.project_id = ? order by r.created_at desc, r.id desc limit ?")
                .params(projectId, Math.clamp(limit, 0, MAX_LIST)).query(RELEASE).list();
    }

    /** Records a deploy; one without a finish time finished now, as sentry-cli's own default says. */
    public Deploy addDeploy(Caller caller, long projectId, String version, Deploy deploy) {
        access.require(caller, projectId, Scope.PROJECT_RELEASES);
        ReleaseRules.requireValid(deploy);
        long releaseId = existing(projectId, version);
        Instant finished = deploy.dateFinished() == null ? clock.instant() : deploy.dateFinished();
        return jdbc.sql("""
                        insert into release_deploys (release_id, environment, name, url, date_started, date_finished)
                        values (?, ?, ?, ?, ?, ?) returning *""")
                .params(releaseId, deploy.environment().strip(), deploy.name(), deploy.url(), timestamp(deploy.dateStarted()),
                        Timestamp.from(finished))
                .query(DEPLOY).single();
    }

    /** Newest first. */
    @Transactional(readOnly = true)
    public List<Deploy> deploys(Caller caller, long projectId, String version) {
        access.require(caller, projectId, Scope.PROJECT_RELEASES, Scope.PROJECT_READ);
        return jdbc.sql("select * from release_deploys where release_id = ? order by date_finished desc, id desc")
                .param(existing(projectId, version)).query(DEPLOY).list();
    }

    /** In the order the pipeline sent them: newest first. */
    @Transactional(readOnly = true)
    public List<ReleaseCommit> commits(Caller caller, long projectId, String version) {
        access.require(caller, projectId, Scope.PROJECT_RELEASES, Scope.PROJECT_READ);
        return jdbc.sql("select * from release_commits where release_id = ? order by position")
                .param(existing(projectId, version)).query(COMMIT).list();
    }

    private void apply(long releaseId, ReleaseChanges changes) {
        jdbc.sql("""
                        update releases set date_started = coalesce(?, date_started),
                                            date_released = coalesce(?, date_released), url = coalesce(?, url)
                        where id = ?""")
                .params(timestamp(changes.dateStarted()), timestamp(changes.dateReleased()), changes.url(), releaseId)
                .update();
        if (changes.commits() != null) {
            jdbc.sql("delete from release_commits where release_id = ?").param(releaseId).update();
            List<ReleaseCommit> kept = changes.commits().subList(0, Math.min(changes.commits().size(), MAX_COMMITS));
            for (int position = 0; position < kept.size(); position++) {
                ReleaseCommit commit = kept.get(position);
                jdbc.sql("""
                                insert into release_commits (release_id, position, commit_id, repository, message,
                                                             author_name, author_email, committed_at)
                                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(releaseId, position, commit.id(), commit.repository(), commit.message(),
                                commit.authorName(), commit.authorEmail(), timestamp(commit.timestamp()))
                        .update();
            }
        }
    }

    private long idOf(long projectId, String version) {
        return jdbc.sql("select id from releases where project_id = ? and version = ?").params(projectId, version)
                .query(Long.class).single();
    }

    private long existing(long projectId, String version) {
        return jdbc.sql("select id from releases where project_id = ? and version = ?").params(projectId, version)
                .query(Long.class).optional().orElseThrow(() -> new NotFoundException("release"));
    }

    private Release load(long id) {
        return jdbc.sql(WITH_ACTIVITY + " where r.id = ?").param(id).query(RELEASE).single();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
