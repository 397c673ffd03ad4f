package io.flytrap.core.users;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.ForbiddenException;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.access.Scope;
import io.flytrap.core.access.Tokens;
import io.flytrap.core.audit.AuditLog;
import io.flytrap.core.crypto.Digests;
import io.flytrap.core.projects.ProjectAccess;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * API tokens for the management API: personal ones (all the user's rights) and upload tokens limited to one
 * project and to the scopes chosen for them (by default project:releases, what CI needs). Stored as SHA-256
 * digests; the plain token is shown once. Owners and administrators list and revoke personal tokens; any member
 * of a project its upload tokens.
 */
@Service
public class ApiTokenService {

    static final String PREFIX = "flytrap_";
    public static final int MIN_TOKEN_LENGTH = 32;

    private static final String INFO_COLUMNS = "id, name, token_prefix, created_at, last_used_at, project_id, scopes";
    private static final RowMapper<TokenInfo> INFO = (rs, i) -> new TokenInfo(rs.getLong("id"), rs.getString("name"),
            rs.getString("token_prefix"), rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("last_used_at") == null ? null : rs.getTimestamp("last_used_at").toInstant(),
            rs.getObject("project_id", Long.class), scopeNames(rs.getArray("scopes")));

    private final JdbcClient jdbc;
    private final UserService users;
    private final ProjectAccess access;
    private final AuditLog audit;

    public ApiTokenService(JdbcClient jdbc, UserService users, ProjectAccess access, AuditLog audit) {
        this.jdbc = jdbc;
        this.users = users;
        this.access = access;
        this.audit = audit;
    }

    /**
     * Who a token speaks for: its user, and for an upload token the one project it is limited to and its scopes
     * (null for a personal token, which has all of its user's rights).
     */
    public record TokenOwner(User user, Long projectId, Set<Scope> scopes) {

        /** The caller the token acts as: a project token never has administrator rights. */
        public Caller asCaller() {
            return projectId == null ? user.asCaller() : new Caller(user.id(), false, projectId, scopes);
        }
    }

    /** An upload token with the default scope, project:releases: enough for sentry-cli and source map uploads. */
    @Transactional
    public IssuedToken issueForProject(Caller caller, long projectId, String name) {
        return issueForProject(caller, projectId, name, Scope.UPLOAD_DEFAULT);
    }

    /**
     * A token limited to one project and to these scopes, made by one of its members (an administrator must be a
     * member too), signed in: a token never makes tokens. A member may grant any scope, since a member may do
     * all of it anyway; the point is that the CI secret carries no more than the job needs.
     */
    @Transactional
    public IssuedToken issueForProject(Caller caller, long projectId, String name, Set<Scope> scopes) {
        access.require(caller, projectId, Scope.PROJECT_ADMIN);
        if (caller.projectScope() != null) {
            throw new ForbiddenException("a project's upload token cannot make tokens");
        }
        boolean member = jdbc.sql("select exists (select 1 from project_members where project_id = ? and user_id = ?)")
                .params(projectId, caller.userId()).query(Boolean.class).single();
        if (!member) {
            throw new IllegalArgumentException("only a member of the project can create its upload tokens");
        }
        if (scopes == null || scopes.isEmpty()) {
            throw new IllegalArgumentException("an upload token needs at least one scope");
        }
        IssuedToken issued = store(caller.userId(), name, PREFIX + Tokens.randomUrlSafe(32), projectId, scopes);
        audit.record(caller, AuditLog.Action.TOKEN_CREATED, projectId, "token " + issued.id(),
                Map.of("name", issued.name(), "scopes", scopeNames(scopes)));
        return issued;
    }

    /** The project's upload tokens (of every member), newest first. */
    @Transactional(readOnly = true)
    public List<TokenInfo> listForProject(Caller caller, long projectId) {
        access.require(caller, projectId, Scope.PROJECT_ADMIN);
        return jdbc.sql("select " + INFO_COLUMNS + " from api_tokens where project_id = ? and revoked_at is null order by id desc")
                .param(projectId).query(INFO).list();
    }

    /** Any member of the project may revoke its upload tokens (a leaked CI secret must stop at once). */
    @Transactional
    public void revokeForProject(Caller caller, long projectId, long tokenId) {
        access.require(caller, projectId, Scope.PROJECT_ADMIN);
        int revoked = jdbc.sql("update api_tokens set revoked_at = now() where id = ? and project_id = ? and revoked_at is null")
                .params(tokenId, projectId).update();
        if (revoked == 0) {
            throw new NotFoundException("token");
        }
        audit.record(caller, AuditLog.Action.TOKEN_REVOKED, projectId, "token " + tokenId, Map.of());
    }

    /** A personal token for a user who has just proved who they are (signed in, or with their password). */
    @Transactional
    public IssuedToken issue(long userId, String name) {
        IssuedToken issued = store(userId, name, PREFIX + Tokens.randomUrlSafe(32), null, null);
        audit.recordFor(userId, AuditLog.Action.TOKEN_CREATED, null, "token " + issued.id(), Map.of("name", issued.name()));
        return issued;
    }

    /** For unattended installs that choose the admin token up front (FLYTRAP_ADMIN_TOKEN). */
    @Transactional
    public IssuedToken issueWithValue(long userId, String name, String token) {
        if (token == null || token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("an API token must be at least " + MIN_TOKEN_LENGTH + " characters without spaces");
        }
        return store(userId, name, token, null, null);
    }

    private IssuedToken store(long userId, String name, String token, Long projectId, Set<Scope> scopes) {
        String cleanName = name == null || name.isBlank() ? "API token" : name.strip();
        if (cleanName.length() > 100) {
            throw new IllegalArgumentException("A token name can be at most 100 characters long.");
        }
        long id = jdbc.sql("""
                        insert into api_tokens (user_id, name, token_hash, token_prefix, project_id, scopes)
                        values (?, ?, ?, ?, ?, ?) returning id""")
                .params(userId, cleanName, Digests.sha256(token), token.substring(0, Math.min(12, token.length())),
                        projectId, scopes == null ? null : scopeNames(scopes).toArray(String[]::new))
                .query(Long.class).single();
        return new IssuedToken(id, cleanName, token);
    }

    /** A user's personal tokens, newest first, for that user or an administrator; never the token values. */
    @Transactional(readOnly = true)
    public List<TokenInfo> listPersonal(Caller caller, long userId) {
        requireSelfOrAdministrator(caller, userId);
        return jdbc.sql("select " + INFO_COLUMNS + " from api_tokens where user_id = ? and project_id is null and revoked_at is null order by id desc")
                .param(userId).query(INFO).list();
    }

    /** Revokes one of a user's personal tokens: theirs, or any user's for an administrator. */
    @Transactional
    public void revokePersonal(Caller caller, long userId, long tokenId) {
        requireSelfOrAdministrator(caller, userId);
        int revoked = jdbc.sql("""
                        update api_tokens set revoked_at = now()
                        where id = ? and user_id = ? and project_id is null and revoked_at is null""")
                .params(tokenId, userId).update();
        if (revoked == 0) {
            throw new NotFoundException("token");
        }
        audit.record(caller, AuditLog.Action.TOKEN_REVOKED, null, "token " + tokenId, Map.of("user", userId));
    }

    /** Every token the user made, personal and upload tokens alike; how many. For password resets and changes. */
    int revokeAllOf(long userId) {
        return jdbc.sql("update api_tokens set revoked_at = now() where user_id = ? and revoked_at is null").param(userId).update();
    }

    private static void requireSelfOrAdministrator(Caller caller, long userId) {
        if (caller.projectScope() != null) {
            throw new ForbiddenException("a project's upload token cannot manage API tokens");
        }
        if (caller.userId() != userId) {
            caller.requireAdministrator("only administrators manage other users' API tokens");
        }
    }

    /** The token's owner, if the token is known, unrevoked and unexpired and its user enabled. */
    @Transactional
    public Optional<TokenOwner> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 512) {
            return Optional.empty();
        }
        record Row(long userId, Long projectId, Set<Scope> scopes) {
        }
        Optional<Row> row = jdbc.sql("""
                        update api_tokens set last_used_at = now()
                        where token_hash = ? and revoked_at is null and (expires_at is null or expires_at > now())
                        returning user_id, project_id, scopes""")
                .param(Digests.sha256(token))
                .query((rs, i) -> new Row(rs.getLong("user_id"), rs.getObject("project_id", Long.class),
                        scopes(rs.getArray("scopes")))).optional();
        return row.flatMap(r -> users.findById(r.userId()).map(user -> new TokenOwner(user, r.projectId(), r.scopes())));
    }

    private static List<String> scopeNames(Set<Scope> scopes) {
        return scopes.stream().sorted().map(Scope::value).toList();
    }

    private static List<String> scopeNames(Array array) throws SQLException {
        Set<Scope> scopes = scopes(array);
        return scopes == null ? null : scopeNames(scopes);
    }

    /** Null for a personal token; the database's check keeps the values to the known scopes. */
    private static Set<Scope> scopes(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        Arrays.stream((String[]) array.getArray()).map(Scope::parse).forEach(scopes::add);
        return scopes;
    }
}
