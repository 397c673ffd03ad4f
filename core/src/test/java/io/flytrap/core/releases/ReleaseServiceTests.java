package io.flytrap.core.releases;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Releases as a pipeline describes them: idempotent, validated, and only within the caller's projects. */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class ReleaseServiceTests {

    @Autowired
    ReleaseService releases;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;

    Caller owner;
    long projectId;

    @BeforeEach
    void project() {
        owner = TestAccounts.member(users, "release-owner");
        projectId = projects.create(owner, "Release project", null).project().id();
    }

    @Test
    void shouldCreateOnceAndKeepWhatWasToldBefore() {
        Instant started = Instant.parse("2026-05-01T10:00:00Z");
        assertThat(releases.create(owner, projectId, "1.0", new ReleaseChanges(started, null, null, null)).isNew()).isTrue();
        ReleaseCreated again = releases.create(owner, projectId, "1.0", ReleaseChanges.NONE);

        assertThat(again.isNew()).isFalse();
        assertThat(again.release().dateStarted()).as("not erased by a later call that omits it").isEqualTo(started);
        assertThat(releases.list(owner, projectId, 10)).extracting(Release::version).containsExactly("1.0");
    }

    @Test
    void shouldExtendTheReleaseThatEventsOrResolvingCreated() {
        // a release row made outside the pipeline (events, "resolve in release") is the same release
        releases.create(owner, projectId, "2.0", ReleaseChanges.NONE);
        Release finalized = releases.update(owner, projectId, "2.0",
                new ReleaseChanges(null, Instant.parse("2026-05-02T00:00:00Z"), null, null));
        assertThat(finalized.dateReleased()).isEqualTo(Instant.parse("2026-05-02T00:00:00Z"));
        assertThatThrownBy(() -> releases.update(owner, projectId, "never-made", ReleaseChanges.NONE))
                .as("update does not create").isInstanceOf(NotFoundException.class);
    }

    @Test
    void shouldReplaceCommitsAndKeepOnlyTheNewestThousand() {
        releases.create(owner, projectId, "3.0", ReleaseChanges.NONE);
        List<ReleaseCommit> many = IntStream.range(0, ReleaseService.MAX_COMMITS + 5)
                .mapToObj(i -> new ReleaseCommit("c" + i, "origin", "commit " + i, "Ada", "ada@example.com", null)).toList();
        releases.update(owner, projectId, "3.0", new ReleaseChanges(null, null, null, many));
        List<ReleaseCommit> stored = releases.commits(owner, projectId, "3.0");
        assertThat(stored).hasSize(ReleaseService.MAX_COMMITS);
        assertThat(stored.getFirst().id()).as("newest first, as sent").isEqualTo("c0");

        releases.update(owner, projectId, "3.0", new ReleaseChanges(null, null, null,
                List.of(new ReleaseCommit("only", null, null, null, null, null))));
        assertThat(releases.commits(owner, projectId, "3.0")).extracting(ReleaseCommit::id).containsExactly("only");
    }

    @Test
    void shouldRefuseBadInputAndStoreNothing() {
        for (String bad : new String[]{"", " ", "..", ".", "a/b", "with\nnewline", " padded", "x".repeat(251)}) {
            assertThatThrownBy(() -> releases.create(owner, projectId, bad, ReleaseChanges.NONE)).as("version [" + bad + "]")
                    .isInstanceOf(IllegalArgumentException.class);
        }
        releases.create(owner, projectId, "4.0", ReleaseChanges.NONE);
        assertThatThrownBy(() -> releases.addDeploy(owner, projectId, "4.0", new Deploy(0, " ", null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> releases.update(owner, projectId, "4.0", new ReleaseChanges(null, null, null,
                List.of(new ReleaseCommit(null, null, null, null, null, null))))).isInstanceOf(IllegalArgumentException.class);
        assertThat(releases.list(owner, projectId, 10)).extracting(Release::version).containsExactly("4.0");
        assertThat(releases.deploys(owner, projectId, "4.0")).isEmpty();
    }

    @Test
    void shouldNotReachAnotherProjectsReleases() {
        Caller stranger = TestAccounts.member(users, "release-stranger");
        releases.create(owner, projectId, "5.0", ReleaseChanges.NONE);

        assertThatThrownBy(() -> releases.create(stranger, projectId, "evil", ReleaseChanges.NONE)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> releases.get(stranger, projectId, "5.0")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> releases.addDeploy(stranger, projectId, "5.0", new Deploy(0, "production", null, null, null, null)))
                .isInstanceOf(NotFoundException.class);
        assertThat(releases.findInEveryProject(stranger, "5.0")).isEmpty();
        assertThat(releases.findInEveryProject(owner, "5.0")).extracting(Release::projectId).containsExactly(projectId);
        assertThat(releases.deploys(owner, projectId, "5.0")).isEmpty();
        assertThat(releases.find(owner, projectId, "evil")).isEmpty();
    }
}
