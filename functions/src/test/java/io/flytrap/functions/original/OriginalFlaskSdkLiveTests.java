package io.flytrap.functions.original;

import io.flytrap.core.access.Caller;
import io.flytrap.core.event.Event;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.projects.CreatedProject;
import io.flytrap.functions.RunningFlytrap;
import io.flytrap.testsupport.TestAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original Flask SDK's own code (getflytrap/flytrap_flask) in Debian's Python with Flask, sending to a running
 * Flytrap. Its code may not be copied here and is on no registry this machine reaches, so the test runs only when
 * {@code FLYTRAP_ORIGINAL_SDKS} names a folder with a checkout in {@code flytrap_flask/} (it needs requests and Flask:
 * {@code apt-get install python3-flask python3-requests}); {@link OriginalSdkPayloadTests} replays its recorded
 * requests on every build.
 */
@EnabledIfEnvironmentVariable(named = "FLYTRAP_ORIGINAL_SDKS", matches = ".+")
class OriginalFlaskSdkLiveTests extends RunningFlytrap {

    static final Path SHOP = Path.of("src/test/original-sdks/flask/shop.py").toAbsolutePath();

    @Test
    void shouldFileWhatTheOriginalFlaskSdkSendsAsPythonIssuesWithTheirCodeContext() throws Exception {
        Caller owner = TestAccounts.member(users, "original-flask-live");
        CreatedProject project = projects.create(owner, "Original Flask", "python");

        String output = runShop(project);

        // the handled ZeroDivisionError, the TypeError and the InternalServerError Flask raises after the SDK's
        // handler re-raises it: none may be refused
        assertThat(queued(project)).as(output).isEqualTo(3);
        drain();
        List<IssueSummary> list = issues.search(owner, project.project().id(), IssueFilter.all(), 0, 10);
        assertThat(list).extracting(IssueSummary::title).contains("ZeroDivisionError: division by zero",
                "TypeError: 'NoneType' object is not subscriptable");
        for (IssueSummary issue : list) {
            Event event = events.event(owner, issue.id(), null).orElseThrow().event();
            assertThat(event.platform()).as("must not be node: %s", issue.title()).isEqualTo("python");
        }
        IssueSummary refund = list.stream().filter(issue -> issue.title().startsWith("ZeroDivisionError")).findFirst().orElseThrow();
        Event event = events.event(owner, refund.id(), null).orElseThrow().event();
        assertThat(event.handled()).isTrue();
        assertThat(event.request().url()).isEqualTo("/refund");
        assertThat(event.primaryException().frames().getLast().context()).as("the context, sent as a JSON string")
                .anySatisfy(line -> assertThat(line.code()).contains("1 / 0"));
    }

    private String runShop(CreatedProject project) throws Exception {
        Path log = Files.createTempFile("original-flask", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder("/usr/bin/python3", SHOP.getFileName().toString())
                    .directory(SHOP.getParent().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("ORIGINAL_SDK", Path.of(System.getenv("FLYTRAP_ORIGINAL_SDKS"), "flytrap_flask").toString());
            builder.environment().put("FLYTRAP_ENDPOINT", "http://127.0.0.1:" + port);
            builder.environment().put("FLYTRAP_PROJECT_ID", Long.toString(project.project().id()));
            builder.environment().put("FLYTRAP_API_KEY", project.key().publicKey());
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process python = builder.start();
            assertThat(python.waitFor(60, TimeUnit.SECONDS)).as("python exited").isTrue();
            return Files.readString(log, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
