package io.flytrap.dashboard.issues;

import io.flytrap.core.issues.IssueChanges;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Listens on PostgreSQL for the processor's "issues changed" notifications, so a dashboard replica learns of new
 * issues no matter which worker or Lambda stored them. Notifications arriving close together are merged, which
 * keeps pushes to a browser to a few per second during a flood of events.
 */
@Component
class IssueChangeListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IssueChangeListener.class);
    static final int WAIT_MILLIS = 1_000;
    static final int MIN_MILLIS_BETWEEN_PUSHES = 250;

    private final DataSource dataSource;
    private final IssueUpdates updates;
    private volatile boolean running;
    private Thread thread;

    IssueChangeListener(DataSource dataSource, IssueUpdates updates) {
        this.dataSource = dataSource;
        this.updates = updates;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + IssueChanges.CHANNEL);
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
                    if (notifications == null || notifications.length == 0) {
                        continue;
                    }
                    Set<Long> changedProjects = new LinkedHashSet<>();
                    for (PGNotification notification : notifications) {
                        parse(notification.getParameter(), changedProjects);
                    }
                    changedProjects.forEach(updates::publish);
                    Thread.sleep(MIN_MILLIS_BETWEEN_PUSHES);
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

    private static void parse(String payload, Set<Long> into) {
        try {
            into.add(Long.parseLong(payload));
        } catch (NumberFormatException foreign) {
            // not ours: the channel only carries project ids
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
