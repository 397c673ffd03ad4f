package io.flytrap.core.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

/**
 * Deletes events older than their project's retention (90 days unless set), in small batches of short transactions
 * so ingest and processing never wait on a long lock. Issues keep their counts and first/last seen. With several
 * replicas, a PostgreSQL advisory lock lets one of them do the work.
 */
@Component
@EnableScheduling
@EnableConfigurationProperties(RetentionProperties.class)
// the switch of RetentionProperties#enabled, read here so a disabled job is not even a bean
@ConditionalOnProperty(name = "flytrap.retention.enabled", havingValue = "true", matchIfMissing = true)
class RetentionJob implements SchedulingConfigurer {

    static final int BATCH = 5_000;
    /** Any constant that no other part of Flytrap uses as an advisory lock key. */
    static final long LOCK_KEY = 0x666c7974726170L;

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final Clock clock;
    private final RetentionProperties properties;

    RetentionJob(JdbcClient jdbc, DataSource dataSource, Clock clock, RetentionProperties properties) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::purgeOnSchedule, properties.interval(), properties.initialDelay()));
    }

    void purgeOnSchedule() {
        long deleted = purge(clock.instant());
        if (deleted > 0) {
            log.info("Retention deleted {} events", deleted);
        }
    }

    /** Deletes every event past its project's retention at {@code now}; returns how many (0 if another replica is at it). */
    public long purge(Instant now) {
        // A session lock on a connection of its own, held while the batches run on other connections, each
        // batch committing on its own
        try (Connection lockHolder = dataSource.getConnection()) {
            if (!tryLock(lockHolder, "select pg_try_advisory_lock(?)")) {
                return 0;
            }
            try {
                long total = 0;
                int deleted;
                do {
                    deleted = jdbc.sql("""
                                    delete from events where id in (
                                        select e.id from events e join projects p on p.id = e.project_id
                                        where e.received_at < cast(? as timestamptz) - make_interval(days => p.retention_days)
                                        limit ?)""")
                            .params(Timestamp.from(now), BATCH).update();
                    total += deleted;
                } while (deleted == BATCH);
                return total;
            } finally {
                tryLock(lockHolder, "select pg_advisory_unlock(?)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("retention could not run: " + e.getMessage(), e);
        }
    }

    private static boolean tryLock(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, LOCK_KEY);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
