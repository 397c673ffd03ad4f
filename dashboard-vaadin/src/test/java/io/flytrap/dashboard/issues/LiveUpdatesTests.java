package io.flytrap.dashboard.issues;

import com.vaadin.flow.shared.Registration;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Live updates when NOTIFY never comes: the issue feed's polling fallback still tells open views. */
@SpringBootTest(classes = FlytrapApplication.class, properties = "flytrap.live.poll-interval=300ms")
@UsesTestDatabase
class LiveUpdatesTests {

    @Autowired
    IssueUpdates updates;
    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;
    @Autowired
    JdbcClient jdbc;

    @Test
    void shouldNoticeAChangeThatSentNoNotification() throws Exception {
        var owner = users.create("poll-" + UUID.randomUUID() + "@example.com", "a long test password", Role.MEMBER);
        long projectId = projects.create(owner.asCaller(), "Polled", null).project().id();
        CountDownLatch told = new CountDownLatch(1);
        Registration subscription = updates.subscribe(projectId, told::countDown);
        try {
            // Kept: at least one poll records the project's current state, and nothing may be published meanwhile.
            // The feed schedules its polls on System.nanoTime (not the Clock bean) and no poll is observable
            // from outside, so there is nothing to await and no test clock to move: three poll intervals pass.
            Thread.sleep(1_000);
            assertThat(told.getCount()).as("nothing changed yet, nothing published").isEqualTo(1);

            // an issue written without pg_notify, as if the notification had been lost
            jdbc.sql("""
                    insert into issues (project_id, grouping_version, fingerprint, title, level, first_seen, last_seen, event_count)
                    values (?, 2, 'polled', 'Error: silent', 'error', now(), now(), 1)""").param(projectId).update();

            assertThat(told.await(10, TimeUnit.SECONDS)).as("published by the poll").isTrue();
        } finally {
            subscription.remove();
        }
    }

    @Test
    void shouldNoticeAStatusChangeThatSentNoNotification() throws Exception {
        var owner = users.create("poll-status-" + UUID.randomUUID() + "@example.com", "a long test password", Role.MEMBER);
        long projectId = projects.create(owner.asCaller(), "Polled status", null).project().id();
        jdbc.sql("""
                insert into issues (project_id, grouping_version, fingerprint, title, level, first_seen, last_seen, event_count)
                values (?, 2, 'polled', 'Error: triaged', 'error', now(), now(), 1)""").param(projectId).update();
        CountDownLatch told = new CountDownLatch(1);
        Registration subscription = updates.subscribe(projectId, told::countDown);
        try {
            // as above, a poll must record the state first; the feed's loop also waits up to a second for
            // notifications between polls, so under load one interval is not enough: three seconds are
            Thread.sleep(3_000);
            assertThat(told.getCount()).as("nothing changed yet, nothing published").isEqualTo(1);

            // resolved in another session whose notification was lost: counts and last seen stay the same
            jdbc.sql("update issues set status = 'resolved' where project_id = ?").param(projectId).update();

            assertThat(told.await(10, TimeUnit.SECONDS)).as("published by the poll").isTrue();
        } finally {
            subscription.remove();
        }
    }
}
