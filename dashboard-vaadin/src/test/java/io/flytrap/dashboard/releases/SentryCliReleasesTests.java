package io.flytrap.dashboard.releases;

import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.releases.Release;
import io.flytrap.core.releases.ReleaseChanges;
import io.flytrap.core.releases.ReleaseCommit;
import io.flytrap.core.releases.ReleaseService;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;
import io.flytrap.dashboard.FlytrapApplication;
import io.flytrap.dashboard.SentryCli;
import io.flytrap.testsupport.TestEvents;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real sentry-cli from npm, unchanged, runs a release through a pipeline against Flytrap: new, set-commits
 * from a real git tree, finalize, a deploy, list. Each step must exit 0, and what it sent must be stored.
 */
@SpringBootTest(classes = FlytrapApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "flytrap.worker.enabled=false")
@UsesTestDatabase
class SentryCliReleasesTests {

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    ProjectService projects;
    @Autowired
    ReleaseService releases;
    @Autowired
    IssueQueries issues;
    @Autowired
    EventProcessor processor;
    @Autowired
    Clock clock;

    Caller caller;
    long projectId;
    long otherProjectId;
    String token;
    Path repository;
    String head;
    String version;

    /** A member with two projects, an upload token for the first only, and a git tree with one commit. */
    @BeforeEach
    void accountAndGitTree() throws Exception {
        SentryCli.install();
        caller = users.create("rel-" + UUID.randomUUID() + "@example.com", "a long test password", Role.MEMBER).asCaller();
        projectId = projects.create(caller, "Shop " + UUID.randomUUID().toString().substring(0, 6), "javascript").project().id();
        otherProjectId = projects.create(caller, "Billing " + UUID.randomUUID().toString().substring(0, 6), "javascript").project().id();
        token = tokens.issueForProject(caller, projectId, "releases in CI").token();
        version = "shop@1.4." + UUID.randomUUID().toString().substring(0, 4);

        repository = Files.createTempDirectory("flytrap-release-git");
        git("init", "-q");
        git("remote", "add", "origin", "https://git.example/acme/shop.git");
        Files.writeString(repository.resolve("price.js"), "export const price = item => item.price;\n");
        git("add", "price.js");
        git("-c", "user.name=Ada Lovelace", "-c", "user.email=ada@example.com", "commit", "-q", "-m", "Fix the price of broken items");
        head = SentryCli.run(new ProcessBuilder("git", "rev-parse", "HEAD").directory(repository.toFile()), 1).output().strip();
    }

    private void git(String... arguments) throws Exception {
        var command = new java.util.ArrayList<>(java.util.List.of("git"));
        command.addAll(java.util.List.of(arguments));
        assertThat(SentryCli.run(new ProcessBuilder(command).directory(repository.toFile()), 1).exitCode()).isZero();
    }

    private SentryCli.Result cli(String... arguments) throws Exception {
        return SentryCli.run(repository, port, token, arguments);
    }

    /** Exit 0, and none of the old failure: Flytrap's HTML taken for an API answer. */
    private static void assertSucceeded(SentryCli.Result result) {
        assertThat(result.exitCode()).as("sentry-cli exit code; its output:\n" + result.output()).isZero();
        assertThat(result.output()).doesNotContain("not a JSON response").doesNotContainIgnoringCase("<html");
    }

    @Test
    void shouldRunAReleaseThroughThePipeline() throws Exception {
        String project = Long.toString(projectId);
        assertSucceeded(cli("releases", "new", "--project", project, version));
        Release created = releases.get(caller, projectId, version);
        assertThat(created.dateStarted()).isNotNull();
        assertThat(created.dateReleased()).as("unreleased until finalized").isNull();

        assertSucceeded(cli("releases", "set-commits", "--project", project, "--auto", version));
        assertThat(releases.commits(caller, projectId, version)).singleElement().satisfies(commit -> {
            assertThat(commit.id()).isEqualTo(head);
            assertThat(commit.message()).contains("Fix the price of broken items");
            assertThat(commit.authorName()).isEqualTo("Ada Lovelace");
            assertThat(commit.authorEmail()).isEqualTo("ada@example.com");
        });

        assertSucceeded(cli("releases", "finalize", "--project", project, version));
        assertThat(releases.get(caller, projectId, version).dateReleased()).isNotNull();

        assertSucceeded(cli("deploys", "new", "--project", project, "--release", version, "--env", "production",
                "--name", "blue", "--url", "https://shop.example/"));
        assertThat(releases.deploys(caller, projectId, version)).singleElement().satisfies(deploy -> {
            assertThat(deploy.environment()).isEqualTo("production");
            assertThat(deploy.name()).isEqualTo("blue");
            assertThat(deploy.url()).isEqualTo("https://shop.example/");
            assertThat(deploy.dateFinished()).isNotNull();
        });

        // an error from the new release: the release counts it as a new issue
        TestEvents.process(processor, projectId, """
                {"data": {"error": {"name": "TypeError", "message": "item broken has no price", "stack": ""},
                          "project_id": %d, "release": "%s"}}""".formatted(projectId, version), clock.instant());

        SentryCli.Result listed = cli("releases", "list", "--project", project);
        assertSucceeded(listed);
        assertThat(listed.output()).contains(version);
        SentryCli.Result info = cli("releases", "info", "--project", project, version);
        assertSucceeded(info);
        SentryCli.Result deploys = cli("deploys", "list", "--project", project, "--release", version);
        assertSucceeded(deploys);
        assertThat(deploys.output()).contains("production").contains("blue");

        Release stored = releases.get(caller, projectId, version);
        assertThat(stored.newIssues()).isEqualTo(1);
        assertThat(stored.firstEvent()).isNotNull();
        assertThat(issues.newIn(caller, projectId, version, 10)).singleElement()
                .satisfies(issue -> assertThat(issue.title()).contains("item broken has no price"));
    }

    @Test
    void shouldTakeTheSameReleaseTwiceWithoutFailingOrDuplicating() throws Exception {
        assertSucceeded(cli("releases", "new", "--project", Long.toString(projectId), version));
        assertSucceeded(cli("releases", "new", "--project", Long.toString(projectId), version));
        assertSucceeded(cli("releases", "set-commits", "--project", Long.toString(projectId), "--auto", version));
        assertSucceeded(cli("releases", "set-commits", "--project", Long.toString(projectId), "--local", version));
        // as the build plugins call it: a repository and a commit (no repository integration: the local tree)
        assertSucceeded(cli("releases", "set-commits", "--commit", "acme/shop@" + head, version));
        assertThat(releases.list(caller, projectId, 10)).extracting(Release::version).containsOnlyOnce(version);
        assertThat(releases.commits(caller, projectId, version)).extracting(ReleaseCommit::id).containsExactly(head);
    }

    @Test
    void shouldNotLetOneProjectsTokenCreateOrChangeAnotherProjectsRelease() throws Exception {
        String other = Long.toString(otherProjectId);
        SentryCli.Result refused = cli("releases", "new", "--project", other, version);
        assertThat(refused.exitCode()).as("refused: " + refused.output()).isNotZero();
        assertThat(refused.output()).doesNotContain("not a JSON response");
        assertThat(releases.find(caller, otherProjectId, version)).isEmpty();

        // the other project's own release, made by its member: the first project's token can neither finalize,
        // deploy, list nor read it
        releases.create(caller, otherProjectId, version, ReleaseChanges.NONE);
        assertThat(cli("releases", "finalize", "--project", other, version).exitCode()).isNotZero();
        assertThat(cli("releases", "finalize", version).exitCode()).as("without --project either").isNotZero();
        assertThat(cli("deploys", "new", "--release", version, "--env", "production").exitCode()).isNotZero();
        assertThat(cli("releases", "info", version).exitCode()).isNotZero();
        releases.create(caller, projectId, version, ReleaseChanges.NONE);
        assertThat(cli("deploys", "new", "--project", Long.toString(projectId), "--project", other, "--release", version,
                "--env", "production").exitCode()).as("one project out of reach: refused as a whole").isNotZero();
        assertThat(releases.deploys(caller, projectId, version)).as("not even in the token's own project").isEmpty();
        SentryCli.Result list = cli("releases", "list", "--project", other);
        assertThat(list.exitCode()).isNotZero();
        assertThat(list.output()).doesNotContain(version);

        Release untouched = releases.get(caller, otherProjectId, version);
        assertThat(untouched.dateReleased()).isNull();
        assertThat(releases.deploys(caller, otherProjectId, version)).isEmpty();
        assertThat(releases.commits(caller, otherProjectId, version)).isEmpty();
    }

    @Test
    void shouldRefuseAnInvalidVersionADeployWithoutEnvironmentAndWhatFlytrapDoesNotDo() throws Exception {
        SentryCli.Result refused = cli("releases", "new", "--project", Long.toString(projectId), "..");
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(releases.find(caller, projectId, "..")).isEmpty();

        releases.create(caller, projectId, version, ReleaseChanges.NONE);
        // not supported, so refused: a pipeline must not believe the release was archived or deleted
        SentryCli.Result archive = cli("releases", "archive", "--project", Long.toString(projectId), version);
        assertThat(archive.exitCode()).as(archive.output()).isNotZero();
        assertThat(archive.output()).contains("does not archive");
        SentryCli.Result delete = cli("releases", "delete", "--project", Long.toString(projectId), version);
        assertThat(delete.exitCode()).as(delete.output()).isNotZero();
        assertThat(releases.find(caller, projectId, version)).isPresent();

        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                "http://127.0.0.1:" + port + "/api/0/organizations/flytrap/releases/" + version + "/deploys/"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\": \"no environment\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).contains("\"detail\"").contains("environment");
        assertThat(releases.deploys(caller, projectId, version)).isEmpty();
    }
}
