package io.flytrap.functions.storage;

import io.flytrap.core.access.Caller;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.sourcemaps.Artifact;
import io.flytrap.core.sourcemaps.ArtifactService;
import io.flytrap.core.sourcemaps.ArtifactStore;
import io.flytrap.core.sourcemaps.SourceMapResolver;
import io.flytrap.core.users.UserService;
import io.flytrap.functions.aws.LocalAws;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S3 artifact store against a real S3 API (s3proxy, in memory, on loopback: {@link LocalAws}), with the client Spring Cloud AWS
 * builds from its standard settings: uploads land in the bucket
 * encrypted and not in the database, the resolver reads them back, deletes remove them, and a map placed in the
 * bucket by hand at {@code <project>/<file>.map} is found, as in the original Flytrap.
 */
@SpringBootTest(classes = {CoreTestApplication.class, S3StorageConfiguration.class},
        properties = {"flytrap.artifacts.storage=s3", "flytrap.artifacts.s3.bucket=flytrap-maps",
                "spring.cloud.aws.region.static=us-east-1", "spring.cloud.aws.s3.path-style-access-enabled=true",
                "spring.cloud.aws.credentials.access-key=test", "spring.cloud.aws.credentials.secret-key=test-secret",
                "flytrap.sourcemaps.lookup-cache-ttl=0s",
                "spring.flyway.enabled=true"})
@UsesTestDatabase
class S3ArtifactStoreTests {

    /** The smallest valid map: this test is about storage; mapping correctness is tested in core with real bundles. */
    static final byte[] MAP = "{\"version\": 3, \"sources\": [\"src/a.js\"], \"names\": [], \"mappings\": \"AAAA\"}"
            .getBytes(StandardCharsets.UTF_8);

    @DynamicPropertySource
    static void localS3(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.aws.s3.endpoint", LocalAws::s3Endpoint);
    }

    @Autowired
    ArtifactStore store;
    @Autowired
    ArtifactService artifacts;
    @Autowired
    SourceMapResolver resolver;
    @Autowired
    S3Client s3;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;

    private void ensureBucket() {
        LocalAws.createBucket("flytrap-maps");
    }

    @Test
    void shouldKeepUploadsInTheBucketAndNotInTheDatabase() throws Exception {
        ensureBucket();
        assertThat(store).isInstanceOf(S3ArtifactStore.class);
        Caller owner = TestAccounts.member(users, "s3");
        long projectId = projects.create(owner, "S3", null).project().id();

        Artifact artifact = artifacts.upload(owner, projectId, "1.0", null, "~/static/app.min.js", "source_map", MAP);

        assertThat(jdbc.sql("select storage || ':' || storage_key || ':' || (content is null) from artifacts where id = ?")
                .param(artifact.id()).query(String.class).single()).isEqualTo("s3:artifacts/" + artifact.id() + ":true");
        var head = s3.headObject(h -> h.bucket("flytrap-maps").key("artifacts/" + artifact.id()));
        assertThat(head.contentLength()).isEqualTo(MAP.length);
        assertThat(head.serverSideEncryption()).as("encrypted at rest, asked for on every write")
                .isEqualTo(software.amazon.awssdk.services.s3.model.ServerSideEncryption.AES256);
        assertThat(resolver.mapFor(projectId, "1.0", "https://shop.example/static/app.min.js", null)).isPresent();

        artifacts.delete(owner, projectId, artifact.id());
        assertThat(s3.listObjectsV2(list -> list.bucket("flytrap-maps").prefix("artifacts/" + artifact.id())).contents()).isEmpty();
    }

    @Test
    void shouldFindAMapPlacedInTheBucketByHandButOnlyInItsProjectsFolder() {
        ensureBucket();
        Caller owner = TestAccounts.member(users, "s3-placed");
        long projectId = projects.create(owner, "Placed", null).project().id();
        long otherProject = projects.create(owner, "Other", null).project().id();
        s3.putObject(put -> put.bucket("flytrap-maps").key(projectId + "/checkout.min.js.map"), RequestBody.fromBytes(MAP));

        assertThat(resolver.mapFor(projectId, null, "https://shop.example/js/checkout.min.js?v=3", null)).isPresent();
        assertThat(resolver.mapFor(otherProject, null, "https://shop.example/js/checkout.min.js", null))
                .as("another project's folder is not searched").isEmpty();
        assertThat(resolver.mapFor(projectId, null, "https://shop.example/js/other.min.js", null)).isEmpty();
    }
}
