package io.flytrap.core.issues;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Tells a subscriber which projects' issues changed, whichever worker or Lambda stored them: it listens on
 * PostgreSQL for the processor's notifications ({@link IssueChanges}). Notifications arriving close together are
 * merged, which keeps pushes to a browser to a few per second during a flood of events.
 * <p>
 * NOTIFY is a wake-up, not the only way: notifications can be lost (a connection pooler that drops them, a
 * listener reconnecting), so every poll interval the feed also compares a small summary of each watched project's
 * issues with the last one and reports the projects that changed. Not a bean of its own: the application that
 * shows issues live creates it with its subscriber, so processing-only processes never hold a listening connection.
 */
public final class IssueChangeFeed implements SmartLifecycle {

    /** Whoever shows issues live: which projects it shows, and what to do when one changed. */
    public interface Subscriber {

        Set<Long> watchedProjects();

        void changed(long projectId);
    }

    private static final Logger log = LoggerFactory.getLogger(IssueChangeFeed.class);
    static final int WAIT_MILLIS = 1_000;
    /**
     * Pushes start at least this far apart. Counted from the previous push's start, not its end: a push that took
     * 60 ms does not add 60 ms to the wait of the next change (issue #24 item 3).
     */
    static final int MIN_MILLIS_BETWEEN_PUSHES = 250;

    private final DataSource dataSource;
    private final Subscriber subscriber;
    private final Duration pollInterval;
    /**
     * Per watched project: issue count, event total, newest last_seen and how many are resolved and ignored (a status
     * set in another session), as of the last poll.
     */
    private final Map<Long, String> lastSummaries = new HashMap<>();
    private long nextPollAt;
    private long lastPushStartedAt = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(MIN_MILLIS_BETWEEN_PUSHES);
    private volatile boolean running;
    private Thread thread;

    public IssueChangeFeed(DataSource dataSource, Subscriber subscriber, Duration pollInterval) {
        this.dataSource = dataSource;
        this.subscriber = subscriber;
        this.pollInterval = pollInterval;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + IssueChanges.CHANNEL);
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
                    Set<Long> changedProjects = new LinkedHashSet<>();
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            parse(notification.getParameter(), changedProjects);
                        }
                    }
                    if (System.nanoTime() - nextPollAt >= 0) {
                        changedProjects.addAll(changedSincePreviousPoll(connection));
                        nextPollAt = System.nanoTime() + pollInterval.toNanos();
                    }
                    if (!changedProjects.isEmpty()) {
                        pauseAfterPreviousPush();
                        lastPushStartedAt = System.nanoTime();
                        changedProjects.forEach(subscriber::changed);
                    }
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException lost) {
                if (running) {
                    log.warn("Lost the issue notification connection ({}); reconnecting", lost.toString());
                    pause();
                }
            }
        }
    }

    /** The watched projects whose issue summary differs from the previous poll's (none on the first poll). */
    private Set<Long> changedSincePreviousPoll(Connection connection) throws SQLException {
        Set<Long> watched = subscriber.watchedProjects();
        Set<Long> changed = new LinkedHashSet<>();
        lastSummaries.keySet().retainAll(watched);
        if (watched.isEmpty()) {
            return changed;
        }
        try (PreparedStatement query = connection.prepareStatement("""
                select project_id, count(*) || ':' || coalesce(sum(event_count), 0) || ':' || coalesce(max(last_seen)::text, '')
                       || ':' || count(*) filter (where status = 'resolved') || ':' || count(*) filter (where status = 'ignored')
                from issues where project_id = any(?) group by project_id""")) {
            query.setArray(1, connection.createArrayOf("bigint", watched.toArray()));
            Map<Long, String> summaries = new HashMap<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    summaries.put(rows.getLong(1), rows.getString(2));
                }
            }
            for (Long project : watched) {
                String summary = summaries.getOrDefault(project, "");
                String previous = lastSummaries.put(project, summary);
                if (previous != null && !previous.equals(summary)) {
                    changed.add(project);
                }
            }
        }
        return changed;
    }

    private static void parse(String payload, Set<Long> into) {
        try {
            into.add(Long.parseLong(payload));
        } catch (NumberFormatException foreign) {
            // not ours: the channel only carries project ids
        }
    }

    /**
     * Waits out what is left of the minimum spacing since the previous push began. Changes committed while it waits
     * are in the push that follows, which reads the issues afresh.
     */
    private void pauseAfterPreviousPush() throws InterruptedException {
        long left = TimeUnit.MILLISECONDS.toNanos(MIN_MILLIS_BETWEEN_PUSHES) - (System.nanoTime() - lastPushStartedAt);
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private void pause() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("issue-notifications").daemon().start(this::listen);
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
