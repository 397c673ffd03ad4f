package io.flytrap.core.users;

import io.flytrap.core.access.Tokens;
import io.flytrap.core.crypto.Digests;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Optional;

/** Personal API tokens for the management API. Stored as SHA-256 digests; the plain token is shown once. */
@Service
public class ApiTokenService {

    static final String PREFIX = "flytrap_";
    public static final int MIN_TOKEN_LENGTH = 32;

    private final JdbcClient jdbc;
    private final UserService users;

    public ApiTokenService(JdbcClient jdbc, UserService users) {
        this.jdbc = jdbc;
        this.users = users;
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

    /** The caller's own tokens, newest first; never the token values, which are not stored. */
    @Transactional(readOnly = true)
    public List<TokenInfo> list(long userId) {
        return jdbc.sql("""
                        select id, name, token_prefix, created_at, last_used_at from api_tokens
                        where user_id = ? and revoked_at is null order by id desc""")
                .param(userId)
                .query((rs, i) -> new TokenInfo(rs.getLong("id"), rs.getString("name"), rs.getString("token_prefix"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("last_used_at") == null ? null : rs.getTimestamp("last_used_at").toInstant()))
                .list();
    }

    /** The token's user, if the token is known, unrevoked and unexpired. */
    @Transactional
    public Optional<User> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 512) {
            return Optional.empty();
        }
        Optional<Long> userId = jdbc.sql("""
                        update api_tokens set last_used_at = now()
                        where token_hash = ? and revoked_at is null and (expires_at is null or expires_at > now())
                        returning user_id""")
                .param(Digests.sha256(token)).query(Long.class).optional();
        return userId.flatMap(users::findById);
    }
}
