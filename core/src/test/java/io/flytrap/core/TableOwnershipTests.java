package io.flytrap.core;

import io.flytrap.core.issues.IssueRecorder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each table is written by exactly one feature: the one named here. Others read it, or ask the owner through
 * its public classes (the processor files events into issues through {@link IssueRecorder}, for instance).
 * Reads are free, which keeps the issue list's joins and the processor's lookups fast; two writers of one table
 * would each have to know the other's rules, which is how counts and statuses drift.
 */
class TableOwnershipTests {

    static final Map<String, String> OWNERS = owners(Map.of(
            "alerts", List.of("alert_rules", "alert_channels", "alert_cooldowns", "notifications"),
            "audit", List.of("audit_log"),
            "issues", List.of("issues", "issue_hourly_counts", "issue_users", "issue_environments", "issue_releases",
                    "issue_tags", "issue_activity", "issue_merges"),
            "process", List.of("events", "environments"),
            "projects", List.of("projects", "project_keys", "project_members"),
            "queue", List.of("event_queue", "queue_batches", "queue_failures"),
            "releases", List.of("releases", "release_commits", "release_deploys"),
            "sourcemaps", List.of("artifacts", "upload_chunks"),
            "users", List.of("users", "api_tokens")));

    @Test
    void everyTableInTheSchemaShouldHaveAnOwner() throws IOException {
        assertThat(OWNERS.keySet()).containsExactlyInAnyOrderElementsOf(tablesInMigrations());
    }

    @Test
    void eachTableShouldBeWrittenOnlyByItsOwner() throws URISyntaxException {
        List<String> strangers = strangersIn(SqlWrites.in(coreClasses()));
        assertThat(strangers).as("writes by a feature that does not own the table").isEmpty();
    }

    /** Guards the scanner itself: a table it never sees written would mean SQL it cannot read. */
    @Test
    void everyOwnedTableShouldBeSeenWrittenByItsOwner() throws URISyntaxException {
        assertThat(SqlWrites.in(coreClasses()).stream().map(SqlWrites.Write::table).distinct())
                .containsAll(OWNERS.keySet());
    }

    @Test
    void theRuleShouldCatchAWriteByAnotherFeatureAndSqlWithAGluedOnTable() {
        // what it must not let through: the processor updating issues itself, and a table name decided at run time
        List<SqlWrites.Write> writes = SqlWrites.writesOf("io.flytrap.core.process.Sneaky", List.of(
                "update issues set status = 'resolved' where id = ?",
                "insert into ",
                "select * from issues where id = ? for update"));
        // and neither the glued-on table of a string concatenation
        assertThat(strangersIn(writes)).containsExactly(
                "io.flytrap.core.process.Sneaky writes issues, owned by issues",
                "io.flytrap.core.process.Sneaky writes " + SqlWrites.DYNAMIC + ", owned by nobody");
    }

    @Test
    void proseShouldNotCountAsSql() {
        assertThat(SqlWrites.writesOf("x.Y", List.of("Copy it into your app", "copy curl command", "Delete from the list?",
                "Insert into the page", "Update the release set", "update", "delete"))).isEmpty();
    }

    @Test
    void theRuleShouldReadEveryKindOfWrite() {
        List<SqlWrites.Write> writes = SqlWrites.writesOf("x.Y", List.of("""
                insert into a (x) values (1); delete from b where c = 1; update c set x = 1;
                copy d (x) from stdin; truncate table e;
                insert into f (x) values (1) on conflict (x) do update set x = excluded.x"""));
        assertThat(writes).extracting(SqlWrites.Write::table).containsExactlyInAnyOrder("a", "b", "c", "d", "e", "f");
    }

    static List<String> strangersIn(List<SqlWrites.Write> writes) {
        List<String> strangers = new ArrayList<>();
        for (SqlWrites.Write write : new LinkedHashSet<>(writes)) {
            String owner = OWNERS.get(write.table());
            String feature = featureOf(write.className());
            if (!feature.equals(owner)) {
                strangers.add(write.className() + " writes " + write.table() + ", owned by " + (owner == null ? "nobody" : owner));
            }
        }
        return strangers;
    }

    /** The feature of a core class: its package right under io.flytrap.core ("alerts" for ….alerts.channels.X). */
    static String featureOf(String className) {
        String rest = className.substring("io.flytrap.core.".length());
        return rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : "";
    }

    static Path coreClasses() throws URISyntaxException {
        return Path.of(IssueRecorder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Tables the migrations create and do not drop again, replayed in version order. */
    static Set<String> tablesInMigrations() throws IOException {
        Pattern statement = Pattern.compile("(create|drop) table (?:if (?:not )?exists )?([a-z_]+(?:\\s*,\\s*[a-z_]+)*)");
        Set<String> tables = new LinkedHashSet<>();
        Path migrations = Path.of("src/main/resources/db/migration");
        Map<Integer, Path> byVersion = new TreeMap<>();
        try (Stream<Path> files = Files.list(migrations)) {
            files.forEach(file -> byVersion.put(Integer.parseInt(file.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1")), file));
        }
        for (Path file : byVersion.values()) {
            Matcher matcher = statement.matcher(Files.readString(file).toLowerCase(java.util.Locale.ROOT));
            while (matcher.find()) {
                for (String table : matcher.group(2).split("\\s*,\\s*")) {
                    if (matcher.group(1).equals("create")) {
                        tables.add(table);
                    } else {
                        tables.remove(table);
                    }
                }
            }
        }
        return tables;
    }

    private static Map<String, String> owners(Map<String, List<String>> tablesByFeature) {
        Map<String, String> owners = new TreeMap<>();
        tablesByFeature.forEach((feature, tables) -> tables.forEach(table -> owners.put(table, feature)));
        return owners;
    }
}
