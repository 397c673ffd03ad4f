package io.flytrap.functions;

import io.flytrap.core.issues.EventQueries;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.process.QueueWorker;
import io.flytrap.testsupport.UsesTestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A running Flytrap on a random port for tests in which a real SDK (Flytrap's own or Sentry's, in this JVM or in a
 * Node or Python process) sends to it over HTTP: the events stay queued until the test drains them, so it can say
 * how many arrived before they are processed.
 */
@SpringBootTest(classes = FunctionsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flytrap.worker.enabled=false", "spring.flyway.enabled=true"})
@UsesTestDatabase
public abstract class RunningFlytrap {

    @LocalServerPort
    protected int port;
    @Autowired
    protected ProjectService projects;
    @Autowired
    protected UserService users;
    @Autowired
    protected IssueQueries issues;
    @Autowired
    protected EventQueries events;
    @Autowired
    protected QueueWorker worker;
    @Autowired
    protected JdbcClient jdbc;

    /** The project's DSN on this server, as the dashboard would show it. */
    protected String dsn(CreatedProject project) {
        return "http://" + project.key().publicKey() + "@127.0.0.1:" + port + "/" + project.project().id();
    }

    /** Events the SDK delivered for the project that are still waiting to be processed. */
    protected long queued(CreatedProject project) {
        return jdbc.sql("select count(*) from queued_events where project_id = ?").param(project.project().id())
                .query(Long.class).single();
    }

    /** Processes everything queued. */
    protected void drain() {
        while (worker.drainOnce() > 0) {
            // until the queue is empty
        }
    }
}
