package io.flytrap.core.users;

import io.flytrap.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.UUID;

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
        TestDatabase.Connection server = TestDatabase.connection();
        String name = "v12_" + UUID.randomUUID().toString().replace("-", "");
        JdbcClient admin = JdbcClient.create(dataSource(server.url()));
        admin.sql("create database " + name).update();
        try {
            PGSimpleDataSource upgraded = dataSource(server.url().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1"));
            Flyway.configure().dataSource(upgraded).target("11").load().migrate();
            JdbcClient jdbc = JdbcClient.create(upgraded);
            long user = jdbc.sql("insert into users (email, password_hash, role) values ('old@example.com', 'x', 'member') returning id")
                    .query(Long.class).single();
            long project = jdbc.sql("insert into projects (name) values ('Old shop') returning id").query(Long.class).single();
            jdbc.sql("""
                    insert into api_tokens (user_id, name, token_hash, token_prefix, project_id)
                    values (?, 'old CI', '\\x01', 'flytrap_old1', ?), (?, 'old laptop', '\\x02', 'flytrap_old2', null)""")
                    .params(user, project, user).update();

            Flyway.configure().dataSource(upgraded).target("12").load().migrate();

            assertThat(jdbc.sql("select array_to_string(scopes, ',') from api_tokens where name = 'old CI'")
                    .query(String.class).single()).isEqualTo("project:releases");
            assertThat(jdbc.sql("select scopes is null from api_tokens where name = 'old laptop'").query(Boolean.class).single())
                    .as("a personal token is its user").isTrue();
            for (String bad : List.of("{project:everything}", "{}")) {
                assertThatThrownBy(() -> jdbc.sql("update api_tokens set scopes = ?::text[] where name = 'old CI'").param(bad).update())
                        .as(bad).hasMessageContaining("api_tokens_scopes_known");
            }
        } finally {
            admin.sql("drop database if exists " + name + " with (force)").update();
        }
    }

    private static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(url);
        source.setUser(TestDatabase.connection().username());
        source.setPassword(TestDatabase.connection().password());
        return source;
    }
}
