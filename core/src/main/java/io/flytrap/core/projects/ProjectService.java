package io.flytrap.core.projects;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.access.Scope;
import io.flytrap.core.access.Tokens;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import io.flytrap.core.grouping.InAppRules;
import io.flytrap.core.scrubbing.ScrubbingSettings;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Projects, their client keys and who may see them. Every method is scoped by the caller's membership. */
@Service
public class ProjectService {

    static final int MAX_NAME_LENGTH = 100;

    private static final RowMapper<Project> PROJECT = (rs, i) -> new Project(rs.getLong("id"), rs.getString("name"),
            rs.getString("platform"), rs.getTimestamp("created_at").toInstant());
    static final RowMapper<ProjectKey> KEY = (rs, i) -> new ProjectKey(rs.getLong("id"), rs.getLong("project_id"),
            rs.getString("public_key"), rs.getString("label"), rs.getObject("rate_limit_per_minute", Integer.class),
            rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("revoked_at")));

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final ProjectAccess access;

    /** Published inside the creating transaction, so what listeners add (alert defaults) commits with it. */
    public record ProjectCreated(long projectId) {
    }

    public ProjectService(JdbcClient jdbc, ApplicationEventPublisher events, ProjectAccess access) {
        this.jdbc = jdbc;
        this.events = events;
        this.access = access;
    }

    /** Creates a project with its first client key; the creator becomes its first member. */
    @Transactional
    public CreatedProject create(Caller caller, String name, String platform) {
        if (caller.projectScope() != null) {
            throw new io.flytrap.core.access.ForbiddenException("a project's upload token cannot create projects");
        }
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("Give the project a name of 1 to " + MAX_NAME_LENGTH + " characters.");
        }
        String cleanPlatform = platform == null || platform.isBlank() ? null : platform.strip();
        Project project = jdbc.sql("insert into projects (name, platform) values (?, ?) returning *")
                .params(cleanName, cleanPlatform).query(PROJECT).single();
        jdbc.sql("insert into project_members (project_id, user_id) values (?, ?)")
                .params(project.id(), caller.userId()).update();
        ProjectKey key = jdbc.sql("insert into project_keys (project_id, public_key) values (?, ?) returning *")
                .params(project.id(), Tokens.randomHex(16)).query(KEY).single();
        events.publishEvent(new ProjectCreated(project.id()));
        return new CreatedProject(project, key);
    }

    @Transactional(readOnly = true)
    public List<Project> listVisibleTo(Caller caller) {
        if (access.reachesEveryProject(caller)) {
            return jdbc.sql("select * from projects order by name, id").query(PROJECT).list();
        }
        return jdbc.sql("""
                        select p.* from projects p join project_members m on m.project_id = p.id
                        where m.user_id = ? order by p.name, p.id""")
                .param(caller.userId()).query(PROJECT).list().stream()
                .filter(project -> caller.mayReach(project.id())).toList();
    }

    @Transactional(readOnly = true)
    public Project get(Caller caller, long projectId) {
        // a project's name and platform are what any of its tokens may see (sentry-cli looks projects up)
        if (!access.reaches(caller, projectId)) {
            throw new NotFoundException("project");
        }
        return jdbc.sql("select * from projects where id = ?").param(projectId).query(PROJECT).optional()
                .orElseThrow(() -> new NotFoundException("project"));
    }

    /**
     * The project a tool names by id, name or slug (sentry-cli's --project), among those the caller may reach;
     * not found when the caller may not reach it, exactly as when it does not exist.
     */
    @Transactional(readOnly = true)
    public Project byReference(Caller caller, String reference) {
        return listVisibleTo(caller).stream().filter(project -> project.isCalled(reference)).findFirst()
                .orElseThrow(() -> new NotFoundException("project " + reference));
    }

    @Transactional(readOnly = true)
    public List<ProjectKey> keys(Caller caller, long projectId) {
        access.require(caller, projectId, Scope.PROJECT_READ);
        return jdbc.sql("select * from project_keys where project_id = ? order by id").param(projectId).query(KEY).list();
    }

    /** A project's data handling: what to scrub and how long to keep events. */
    @Transactional(readOnly = true)
    public ProjectSettings settings(Caller caller, long projectId) {
        access.require(caller, projectId, Scope.PROJECT_READ);
        return jdbc.sql("select scrub_data, scrub_ip_addresses, retention_days from projects where id = ?")
                .param(projectId)
                .query((rs, i) -> new ProjectSettings(rs.getBoolean("scrub_data"), rs.getBoolean("scrub_ip_addresses"),
                        rs.getInt("retention_days")))
                .single();
    }

    @Transactional
    public ProjectSettings updateSettings(Caller caller, long projectId, ProjectSettings settings) {
        access.require(caller, projectId, Scope.PROJECT_ADMIN);
        if (settings.retentionDays() < ProjectSettings.MIN_RETENTION_DAYS || settings.retentionDays() > ProjectSettings.MAX_RETENTION_DAYS) {
            throw new IllegalArgumentException("Events can be kept for " + ProjectSettings.MIN_RETENTION_DAYS + " to "
                    + ProjectSettings.MAX_RETENTION_DAYS + " days (about ten years); " + settings.retentionDays() + " is outside that.");
        }
        jdbc.sql("update projects set scrub_data = ?, scrub_ip_addresses = ?, retention_days = ? where id = ?")
                .params(settings.scrubData(), settings.scrubIpAddresses(), settings.retentionDays(), projectId).update();
        return settings(caller, projectId);
    }

    /** Where the project's issues are created in an external tracker; empty when no template is set. */
    @Transactional(readOnly = true)
    public Optional<TrackerTemplate> trackerTemplate(Caller caller, long projectId) {
        access.require(caller, projectId, Scope.PROJECT_READ);
        return jdbc.sql("select tracker_url_template from projects where id = ?").param(projectId)
                .query(String.class).list().stream().filter(java.util.Objects::nonNull).findFirst().map(TrackerTemplate::new);
    }

    /**
     * Sets the template (checked: see {@link TrackerTemplate}), or clears it when blank. Administrators only: the
     * link is offered to every member, so it is not any member's to point elsewhere.
     */
    @Transactional
    public Optional<TrackerTemplate> updateTrackerTemplate(Caller caller, long projectId, String template) {
        access.require(caller, projectId, Scope.PROJECT_ADMIN);
        caller.requireAdministrator("only administrators set where a project's issues are created in a tracker");
        TrackerTemplate checked = template == null || template.isBlank() ? null : new TrackerTemplate(template);
        jdbc.sql("update projects set tracker_url_template = ? where id = ?")
                .params(checked == null ? null : checked.template(), projectId).update();
        return Optional.ofNullable(checked);
    }

    /** Which frames are the project's own code, where the SDK did not say (see docs/grouping.md). */
    @Transactional(readOnly = true)
    public InAppRules inAppRules(Caller caller, long projectId) {
        access.require(caller, projectId, Scope.PROJECT_READ);
        return jdbc.sql("select in_app_include, in_app_exclude from projects where id = ?").param(projectId)
                .query((rs, i) -> rules(rs.getString("in_app_include"), rs.getString("in_app_exclude"))).single();
    }

    /** Takes effect for events processed from now on; issues already grouped stay as they are. */
    @Transactional
    public InAppRules updateInAppRules(Caller caller, long projectId, InAppRules rules) {
        access.require(caller, projectId, Scope.PROJECT_WRITE);
        if (rules.include().stream().anyMatch(r -> r.contains("\n")) || rules.exclude().stream().anyMatch(r -> r.contains("\n"))) {
            throw new IllegalArgumentException("Write one in-app rule per line.");
        }
        jdbc.sql("update projects set in_app_include = ?, in_app_exclude = ? where id = ?")
                .params(String.join("\n", rules.include()), String.join("\n", rules.exclude()), projectId).update();
        return inAppRules(caller, projectId);
    }

    /** For the processor: each project's in-app rules, read once per batch. */
    public Map<Long, InAppRules> inAppRules(Collection<Long> projectIds) {
        Map<Long, InAppRules> rules = new HashMap<>();
        jdbc.sql("select id, in_app_include, in_app_exclude from projects where id = any(?)")
                .param(projectIds.toArray(Long[]::new))
                .query(rs -> {
                    rules.put(rs.getLong("id"), rules(rs.getString("in_app_include"), rs.getString("in_app_exclude")));
                });
        return rules;
    }

    private static InAppRules rules(String include, String exclude) {
        return new InAppRules(InAppRules.lines(include), InAppRules.lines(exclude));
    }

    /** For the processor: each project's scrubbing choices, read once per batch. */
    public Map<Long, ScrubbingSettings> scrubbingSettings(Collection<Long> projectIds) {
        Map<Long, ScrubbingSettings> settings = new HashMap<>();
        jdbc.sql("select id, scrub_data, scrub_ip_addresses from projects where id = any(?)")
                .param(projectIds.toArray(Long[]::new))
                .query(rs -> {
                    settings.put(rs.getLong("id"), new ScrubbingSettings(rs.getBoolean("scrub_data"), rs.getBoolean("scrub_ip_addresses")));
                });
        return settings;
    }

    /** For ingest: the key's project, if the key exists and is not revoked. No caller: the key is the credential. */
    public Optional<ActiveKey> findActiveKey(String publicKey) {
        if (publicKey == null || publicKey.isBlank() || publicKey.length() > 64) {
            return Optional.empty();
        }
        return jdbc.sql("select id, project_id, rate_limit_per_minute from project_keys where public_key = ? and revoked_at is null")
                .param(publicKey.strip())
                .query((rs, i) -> new ActiveKey(rs.getLong("id"), rs.getLong("project_id"),
                        rs.getObject("rate_limit_per_minute", Integer.class))).optional();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
