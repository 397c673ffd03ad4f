package io.flytrap.core.users;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.Optional;

@Service
public class UserService {

    public static final int MIN_PASSWORD_LENGTH = 10;
    static final int MAX_PASSWORD_LENGTH = 256;

    static final RowMapper<User> USER = (rs, i) -> new User(rs.getLong("id"), rs.getString("email"),
            rs.getString("display_name"), Role.fromColumn(rs.getString("role")));

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    /** Compared against when the e-mail is unknown, so a failed sign-in takes as long either way. */
    private final String unknownUserHash;

    public UserService(JdbcClient jdbc, PasswordEncoder passwords) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.unknownUserHash = passwords.encode("no such user: timing equaliser");
    }

    @Transactional
    public User create(String email, String password, Role role) {
        String cleanEmail = validEmail(email);
        validatePassword(password);
        try {
            return jdbc.sql("insert into users (email, password_hash, role) values (?, ?, ?) returning *")
                    .params(cleanEmail, passwords.encode(password), role.column()).query(USER).single();
        } catch (DuplicateKeyException taken) {
            throw new IllegalArgumentException("There is already a user with this e-mail address.");
        }
    }

    public boolean adminExists() {
        return jdbc.sql("select exists (select 1 from users where role = 'admin' and disabled_at is null)")
                .query(Boolean.class).single();
    }

    /** False only on a fresh install, before the first administrator is created. */
    public boolean anyUserExists() {
        return jdbc.sql("select exists (select 1 from users)").query(Boolean.class).single();
    }

    public Optional<User> findById(long id) {
        return jdbc.sql("select * from users where id = ? and disabled_at is null").param(id).query(USER).optional();
    }

    /** The user with their password hash, for Spring Security's sign-in check. */
    public Optional<UserCredentials> findCredentials(String email) {
        if (email == null) {
            return Optional.empty();
        }
        return jdbc.sql("select * from users where lower(email) = lower(?) and disabled_at is null")
                .param(email.strip())
                .query((rs, i) -> new UserCredentials(USER.mapRow(rs, i), rs.getString("password_hash"))).optional();
    }

    /**
     * The user, if the password matches; the same answer (and about the same time) for unknown e-mails. Neither
     * throttled nor audited: outside this package, check passwords through {@link PasswordChecks}.
     */
    public Optional<User> authenticate(String email, String password) {
        if (email == null || password == null || password.length() > MAX_PASSWORD_LENGTH) {
            return Optional.empty();
        }
        Optional<UserCredentials> found = findCredentials(email);
        if (found.isEmpty()) {
            passwords.matches(password, unknownUserHash);
            return Optional.empty();
        }
        return passwords.matches(password, found.get().passwordHash()) ? Optional.of(found.get().user()) : Optional.empty();
    }

    static String validEmail(String email) {
        String clean = email == null ? "" : email.strip();
        int at = clean.indexOf('@');
        if (clean.length() > 254 || at < 1 || at == clean.length() - 1 || clean.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("Enter an e-mail address like name@example.com.");
        }
        return clean;
    }

    public static void validatePassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("Choose a password of " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH + " characters.");
        }
    }
}
