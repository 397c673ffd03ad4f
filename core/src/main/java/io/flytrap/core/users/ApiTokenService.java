package io.flytrap.core.users;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.Tokens;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.crypto.Digests;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Optional;

/**
 * API tokens for the management API: personal ones (all the user's rights) and upload tokens limited to one
 * project (for CI jobs that upload source maps). Stored as SHA-256 digests; the plain token is shown once.
 */
@Service
public class ApiTokenService {

    static final String PREFIX = "flytrap_";
    public static final int MIN_TOKEN_LENGTH = 32;

    private final JdbcClient jdbc;
    private final UserService users;

    private final ProjectService projects;

    public ApiTokenService(JdbcClient jdbc, UserService users, ProjectService projects) {
        this.jdbc = jdbc;
        this.users = users;
        this.projects = projects;
    }

    /** Who a token speaks for: its user, and the one project it is limited to (null for a personal token). */
    public record TokenOwner(User user, Long projectId) {

        /** The caller the token acts as: a project token never has administrator rights. */
        public Caller asCaller() {
            return projectId == null ? user.asCaller() : new Caller(user.id(), false, projectId);
        }
    }

    /** A token limited to one project, made by one of its members (an administrator must be a member too). */
    @Transactional
    public IssuedToken issueForProject(Caller caller, long projectId, String name) {
        projects.requireAccess(caller, projectId);
        boolean member = jdbc.sql("select exists (select 1 from project_members where project_id = ? and user_id = ?)")
                .params(projectId, caller.userId()).query(Boolean.class).single();
        if (!member || caller.projectScope() != null) {
            throw new IllegalArgumentException("only a member of the project, signed in, can create its upload tokens");
        }
        IssuedToken issued = store(caller.userId(), name, PREFIX + Tokens.randomUrlSafe(32));
        jdbc.sql("update api_tokens set project_id = ? where id = ?").params(projectId, issued.id()).update();
        return issued;
    }

    /** The project's upload tokens (of every member), newest first. */
    @Transactional(readOnly = true)
    public List<TokenInfo> listForProject(Caller caller, long projectId) {
        projects.requireAccess(caller, projectId);
        return jdbc.sql("""
                        select id, name, token_prefix, created_at, last_used_at from api_tokens
                        where project_id = ? and revoked_at is null order by id desc""")
                .param(projectId)
                .query((rs, i) -> new TokenInfo(rs.getLong("id"), rs.getString("name"), rs.getString("token_prefix"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("last_used_at") == null ? null : rs.getTimestamp("last_used_at").toInstant()))
                .list();
    }

    /** Any member of the project may revoke its upload tokens (a leaked CI secret must stop at once). */
    @Transactional
    public void revokeForProject(Caller caller, long projectId, long tokenId) {
        projects.requireAccess(caller, projectId);
        int revoked = jdbc.sql("update api_tokens set revoked_at = now() where id = ? and project_id = ? and revoked_at is null")
                .params(tokenId, projectId).update();
        if (revoked == 0) {
            throw new io.flytrap.core.access.NotFoundException("token");
        }
    }

    @Transactional
    public IssuedToken issue(long userId, String name) {
        return store(userId, name, PREFIX + Tokens.randomUrlSafe(32));
    }

    /** For unattended installs that choose the admin token up front (FLYTRAP_ADMIN_TOKEN). */
    @Transactional
    public IssuedToken issueWithValue(long userId, String name, String token) {
        if (token == null || token.length() < MIN_TOKEN_LENGTH || token.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("an API token must be at least " + MIN_TOKEN_LENGTH + " characters without spaces");
        }
        return store(userId, name, token);
    }

    private IssuedToken store(long userId, String name, String token) {
        String cleanName = name == null || name.isBlank() ? "API token" : name.strip();
        if (cleanName.length() > 100) {
            throw new IllegalArgumentException("name must be at most 100 characters");
        }
        long id = jdbc.sql("insert into api_tokens (user_id, name, token_hash, token_prefix) values (?, ?, ?, ?) returning id")
                .params(userId, cleanName, Digests.sha256(token), token.substring(0, Math.min(12, token.length())))
                .query(Long.class).single();
        return new IssuedToken(id, cleanName, token);
    }

    /** The caller's own personal tokens, newest first; never the token values, which are not stored. */
    @Transactional(readOnly = true)
    public List<TokenInfo> list(long userId) {
        return jdbc.sql("""
                        select id, name, token_prefix, created_at, last_used_at from api_tokens
                        where user_id = ? and project_id is null and revoked_at is null order by id desc""")
                .param(userId)
                .query((rs, i) -> new TokenInfo(rs.getLong("id"), rs.getString("name"), rs.getString("token_prefix"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("last_used_at") == null ? null : rs.getTimestamp("last_used_at").toInstant()))
                .list();
    }

    /** The token's owner, if the token is known, unrevoked and unexpired and its user enabled. */
    @Transactional
    public Optional<TokenOwner> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 512) {
            return Optional.empty();
        }
        record Row(long userId, Long projectId) {
        }
        Optional<Row> row = jdbc.sql("""
                        update api_tokens set last_used_at = now()
                        where token_hash = ? and revoked_at is null and (expires_at is null or expires_at > now())
                        returning user_id, project_id""")
                .param(Digests.sha256(token))
                .query((rs, i) -> new Row(rs.getLong("user_id"), rs.getObject("project_id", Long.class))).optional();
        return row.flatMap(r -> users.findById(r.userId()).map(user -> new TokenOwner(user, r.projectId())));
    }
}
