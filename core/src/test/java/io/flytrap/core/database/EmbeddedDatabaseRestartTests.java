package io.flytrap.core.database;

import io.flytrap.core.projects.Project;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.User;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The laptop mode: with no database configured, Flytrap runs its own PostgreSQL, and its data survives a restart. */
class EmbeddedDatabaseRestartTests {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(CoreTestApplication.class).web(WebApplicationType.NONE)
                .properties("flytrap.data-dir=" + dataDir, "spring.main.banner-mode=off").run();
    }

    @Test
    void shouldKeepProjectsAcrossARestartAndCommitSynchronouslyOnASmallInstance() {
        long projectId;
        try (ConfigurableApplicationContext first = start()) {
            User admin = first.getBean(UserService.class).create("laptop@example.com", "a long local password", Role.ADMIN);
            projectId = first.getBean(ProjectService.class).create(admin.asCaller(), "Side project", null).project().id();
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            assertThat(jdbc.sql("show synchronous_commit").query(String.class).single())
                    .as("a commit must wait for the WAL flush").isEqualTo("on");
            assertThat(jdbc.sql("show fsync").query(String.class).single())
                    .as("the WAL flush must reach the disk, not stop in the page cache (the library's default is -F)")
                    .isEqualTo("on");
            assertThat(jdbc.sql("show max_connections").query(String.class).single())
                    .as("sized for a laptop, not the library's 300").isEqualTo(Integer.toString(EmbeddedDatabaseConfiguration.MAX_CONNECTIONS));
            assertThat(jdbc.sql("show shared_buffers").query(String.class).single())
                    .as("not PostgreSQL's 128 MB: every buffer touched stays mapped in each backend").isEqualTo("16MB");
        }

        try (ConfigurableApplicationContext second = start()) {
            User admin = second.getBean(UserService.class).authenticate("laptop@example.com", "a long local password")
                    .orElseThrow();
            assertThat(second.getBean(ProjectService.class).listVisibleTo(admin.asCaller()))
                    .extracting(Project::id, Project::name).containsExactly(org.assertj.core.groups.Tuple.tuple(projectId, "Side project"));
        }
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
    }
}
