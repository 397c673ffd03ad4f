package io.flytrap.core.issues;

import io.flytrap.testsupport.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An installation upgraded to V15 with issues dated by arrival: the stored events re-date their issue's first and
 * last seen, environments and hourly counts to when they happened (a time more than 30 days before arrival counts
 * as arrival), and counts of events retention already deleted stay. Run on a fresh database of the shared test
 * PostgreSQL, migrated to V13 first.
 */
class EventTimeMigrationTests {

    static final Instant RECEIVED = Instant.parse("2026-12-06T10:15:00Z");

    @Test
    void shouldReDateIssuesAndHourlyCountsByTheStoredEventsOwnTime() {
        try (ScratchDatabase database = ScratchDatabase.create("v15")) {
            database.migrateTo("13");
            JdbcClient jdbc = database.jdbc();
            long project = jdbc.sql("insert into projects (name) values ('Old shop') returning id").query(Long.class).single();
            Instant threeDaysAgo = RECEIVED.minus(Duration.ofDays(3));
            Instant fortyDaysAgo = RECEIVED.minus(Duration.ofDays(40));
            // as the old recorder left it: every date is the arrival; one more event counted than stored (retention)
            long issue = jdbc.sql("""
                            insert into issues (project_id, grouping_version, fingerprint, title, level, first_seen, last_seen, event_count)
                            values (?, 2, 'f', 'Error: late', 'error', ?, ?, 4) returning id""")
                    .params(project, Timestamp.from(RECEIVED.minus(Duration.ofDays(50))), Timestamp.from(RECEIVED))
                    .query(Long.class).single();
            for (Instant occurred : new Instant[]{threeDaysAgo, threeDaysAgo, fortyDaysAgo}) {
                jdbc.sql("""
                                insert into events (project_id, issue_id, event_id, occurred_at, received_at, level, handled,
                                                    environment, payload)
                                values (?, ?, ?, ?, ?, 'error', true, 'production', '{}')""")
                        .params(project, issue, UUID.randomUUID(), Timestamp.from(occurred), Timestamp.from(RECEIVED)).update();
            }
            Instant receivedHour = RECEIVED.truncatedTo(ChronoUnit.HOURS);
            Instant deletedHour = RECEIVED.minus(Duration.ofDays(50)).truncatedTo(ChronoUnit.HOURS);
            jdbc.sql("insert into issue_hourly_counts (issue_id, project_id, hour, events) values (?, ?, ?, 3), (?, ?, ?, 1)")
                    .params(issue, project, Timestamp.from(receivedHour), issue, project, Timestamp.from(deletedHour)).update();
            jdbc.sql("insert into issue_environments (issue_id, environment, first_seen, last_seen) values (?, 'production', ?, ?)")
                    .params(issue, Timestamp.from(RECEIVED), Timestamp.from(RECEIVED)).update();

            database.migrateTo("15");

            Map<String, Object> seen = jdbc.sql("select first_seen, last_seen from issues where id = ?").param(issue).query().singleRow();
            assertThat(((Timestamp) seen.get("first_seen")).toInstant()).as("an event retention deleted was earlier")
                    .isEqualTo(RECEIVED.minus(Duration.ofDays(50)));
            assertThat(((Timestamp) seen.get("last_seen")).toInstant()).as("the 40-day-old time counts as arrival")
                    .isEqualTo(RECEIVED);
            Map<Instant, Long> counts = jdbc.sql("select hour, events from issue_hourly_counts where issue_id = ?").param(issue)
                    .query((rs, i) -> Map.entry(rs.getTimestamp(1).toInstant(), rs.getLong(2))).list().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(counts).containsOnly(Map.entry(threeDaysAgo.truncatedTo(ChronoUnit.HOURS), 2L),
                    Map.entry(receivedHour, 1L), Map.entry(deletedHour, 1L));
            assertThat(jdbc.sql("select first_seen from issue_environments where issue_id = ?").param(issue)
                    .query(Timestamp.class).single().toInstant()).isEqualTo(threeDaysAgo);
        }
    }
}
