package io.flytrap.core.users;

import io.flytrap.testsupport.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An installation upgraded to V12 with tokens made before scopes existed: its upload tokens keep only
 * project:releases (what they were made for), its personal tokens stay their user's. Run on a fresh database of
 * the shared test PostgreSQL, migrated to V11 first.
 */
class TokenScopesMigrationTests {

    @Test
    void shouldLimitExistingUploadTokensToReleasesAndLeavePersonalTokensAlone() {
        try (ScratchDatabase database = ScratchDatabase.create("v12")) {
            database.migrateTo("11");
            JdbcClient jdbc = database.jdbc();
            long user = jdbc.sql("insert into users (email, password_hash, role) values ('old@example.com', 'x', 'member') returning id")
                    .query(Long.class).single();
            long project = jdbc.sql("insert into projects (name) values ('Old shop') returning id").query(Long.class).single();
            jdbc.sql("""
                    insert into api_tokens (user_id, name, token_hash, token_prefix, project_id)
                    values (?, 'old CI', '\\x01', 'flytrap_old1', ?), (?, 'old laptop', '\\x02', 'flytrap_old2', null)""")
                    .params(user, project, user).update();

            database.migrateTo("12");

            assertThat(jdbc.sql("select array_to_string(scopes, ',') from api_tokens where name = 'old CI'")
                    .query(String.class).single()).isEqualTo("project:releases");
            assertThat(jdbc.sql("select scopes is null from api_tokens where name = 'old laptop'").query(Boolean.class).single())
                    .as("a personal token is its user").isTrue();
            for (String bad : List.of("{project:everything}", "{}")) {
                assertThatThrownBy(() -> jdbc.sql("update api_tokens set scopes = ?::text[] where name = 'old CI'").param(bad).update())
                        .as(bad).hasMessageContaining("api_tokens_scopes_known");
            }
        }
    }
}
