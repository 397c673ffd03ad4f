package io.flytrap.core.sourcemaps;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.Scope;
import io.flytrap.core.crypto.Digests;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chunks waiting for sentry-cli's assemble step belong to whoever uploaded them. A chunk's name is only the SHA-1
 * of its content, which shows up in CI logs and proxies: knowing it must not let another account (or another
 * project's upload token of the same account) assemble the chunks into its own project, nor throw them away.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@UsesTestDatabase
class ChunkOwnershipTests {

    @Autowired
    ArtifactBundleService bundles;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    UserService users;
    @Autowired
    ProjectService projects;
    @Autowired
    JdbcClient jdbc;

    Caller alice;
    long aliceProject;
    Caller mallory;
    long malloryProject;
    byte[] bundle;
    List<String> chunks;

    @BeforeEach
    void aliceUploadsTheChunksOfABundle() throws IOException {
        alice = TestAccounts.member(users, "chunk-owner");
        aliceProject = projects.create(alice, "Shop " + UUID.randomUUID().toString().substring(0, 6), "javascript").project().id();
        mallory = TestAccounts.member(users, "chunk-thief");
        malloryProject = projects.create(mallory, "Loot " + UUID.randomUUID().toString().substring(0, 6), "javascript").project().id();

        bundle = bundleOf("const secret = 'alice source " + UUID.randomUUID() + "';\n");
        byte[] first = Arrays.copyOfRange(bundle, 0, bundle.length / 2);
        byte[] second = Arrays.copyOfRange(bundle, bundle.length / 2, bundle.length);
        bundles.saveChunk(alice, Digests.sha1Hex(first), first);
        bundles.saveChunk(alice, Digests.sha1Hex(second), second);
        chunks = List.of(Digests.sha1Hex(first), Digests.sha1Hex(second));
    }

    /** An artifact bundle as sentry-cli builds it: a zip with a manifest naming one source file. */
    private static byte[] bundleOf(String source) throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("manifest.json"));
            out.write("""
                    {"files": {"files/_/_/app.js": {"type": "source", "url": "~/app.js"}}}""".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("files/_/_/app.js"));
            out.write(source.getBytes(StandardCharsets.UTF_8));
        }
        return zip.toByteArray();
    }

    private ArtifactBundleService.AssembleState assemble(Caller caller, long projectId) {
        return bundles.assemble(caller, List.of(Long.toString(projectId)), "1.0", null, Digests.sha1Hex(bundle), chunks);
    }

    @Test
    void shouldNotLetAnotherAccountAssembleChunksItDidNotUpload() {
        ArtifactBundleService.AssembleState stolen = assemble(mallory, malloryProject);

        assertThat(stolen.state()).as("the other account's chunks are missing to this one").isEqualTo("not_found");
        assertThat(stolen.missingChunks()).containsExactlyInAnyOrderElementsOf(chunks);
        assertThat(artifacts.list(mallory, malloryProject, null)).as("nothing of alice's bundle lands in mallory's project")
                .isEmpty();
    }

    @Test
    void shouldKeepTheOwnersChunksWhenAnotherAccountNamesThem() {
        assemble(mallory, malloryProject);

        ArtifactBundleService.AssembleState own = assemble(alice, aliceProject);

        assertThat(own.state()).as("the uploader's own assemble still works: " + own.detail()).isEqualTo("ok");
        assertThat(artifacts.list(alice, aliceProject, "1.0")).extracting(Artifact::name).containsExactly("~/app.js");
        assertThat(jdbc.sql("select count(*) from upload_chunks where sha1 = any(?)")
                .param(chunks.toArray(String[]::new)).query(Long.class).single())
                .as("assembled chunks are removed").isZero();
    }

    @Test
    void shouldLetEachAccountUploadAndAssembleTheSameChunksForItself() {
        // the same bytes (a common vendor file, say) uploaded by two accounts: each has its own copy to assemble
        for (String sha1 : chunks) {
            byte[] content = jdbc.sql("select content from upload_chunks where sha1 = ? and uploaded_by = ?")
                    .params(sha1, alice.userId()).query(byte[].class).single();
            bundles.saveChunk(mallory, sha1, content);
        }

        assertThat(assemble(mallory, malloryProject).state()).isEqualTo("ok");
        assertThat(assemble(alice, aliceProject).state()).as("alice's copy was not consumed by mallory's assemble")
                .isEqualTo("ok");
    }

    @Test
    void shouldNotLetAnUploadTokenForOneProjectAssembleChunksUploadedThroughAnotherProjectsToken() {
        long otherProject = projects.create(alice, "Blog " + UUID.randomUUID().toString().substring(0, 6), "javascript").project().id();
        Caller blogToken = new Caller(alice.userId(), false, otherProject, Set.of(Scope.PROJECT_RELEASES));
        Caller shopToken = new Caller(alice.userId(), false, aliceProject, Set.of(Scope.PROJECT_RELEASES));
        byte[] tokenBundle = Arrays.copyOf(bundle, bundle.length);
        bundles.saveChunk(shopToken, Digests.sha1Hex(tokenBundle), tokenBundle);

        ArtifactBundleService.AssembleState stolen = bundles.assemble(blogToken, List.of(Long.toString(otherProject)),
                "1.0", null, Digests.sha1Hex(tokenBundle), List.of(Digests.sha1Hex(tokenBundle)));

        assertThat(stolen.state()).isEqualTo("not_found");
        assertThat(artifacts.list(alice, otherProject, null)).isEmpty();
        assertThat(bundles.assemble(shopToken, List.of(Long.toString(aliceProject)), "1.0", null,
                Digests.sha1Hex(tokenBundle), List.of(Digests.sha1Hex(tokenBundle))).state()).isEqualTo("ok");
    }
}
