package io.flytrap.core.sourcemaps;

import io.flytrap.core.access.Caller;
import io.flytrap.core.crypto.Digests;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.UsesTestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Chunks uploaded for sentry-cli are useless until assembled, so one account may leave only so many bytes of them
 * waiting (here 100 bytes): beyond that nothing more is stored for it, while other accounts are unaffected and
 * expired chunks stop counting.
 */
@SpringBootTest(classes = CoreTestApplication.class, properties = "flytrap.artifacts.max-pending-chunks=100B")
@UsesTestDatabase
class UploadChunkQuotaTests {

    @Autowired
    ArtifactBundleService bundles;
    @Autowired
    UserService users;
    @Autowired
    JdbcClient jdbc;

    private static byte[] chunk(String label, int size) {
        return (label + "x".repeat(size - label.length())).getBytes(StandardCharsets.UTF_8);
    }

    private void save(Caller caller, byte[] content) {
        bundles.saveChunk(caller, Digests.sha1Hex(content), content);
    }

    private long storedChunks(byte[] content) {
        return jdbc.sql("select count(*) from upload_chunks where sha1 = ?").param(Digests.sha1Hex(content))
                .query(Long.class).single();
    }

    @Test
    void shouldRefuseChunksBeyondTheAccountsWaitingQuotaAndStoreNothingOfThem() {
        Caller uploader = TestAccounts.member(users, "chunks");
        Caller someoneElse = TestAccounts.member(users, "chunks-other");
        save(uploader, chunk("a", 60));
        save(uploader, chunk("b", 40));

        byte[] overQuota = chunk("c", 1);
        assertThatThrownBy(() -> save(uploader, overQuota)).isInstanceOf(UploadQuotaExceededException.class)
                .hasMessageContaining("100 bytes");
        assertThat(storedChunks(overQuota)).as("a refused chunk is not stored").isZero();

        save(someoneElse, overQuota);
        assertThat(storedChunks(overQuota)).as("another account has its own quota").isOne();
    }

    @Test
    void shouldStopCountingChunksOnceTheyHaveExpired() {
        Caller uploader = TestAccounts.member(users, "chunks-expired");
        byte[] old = chunk("old", 100);
        save(uploader, old);
        assertThatThrownBy(() -> save(uploader, chunk("new", 10))).isInstanceOf(UploadQuotaExceededException.class);

        jdbc.sql("update upload_chunks set created_at = now() - interval '25 hours' where sha1 = ?")
                .param(Digests.sha1Hex(old)).update();

        byte[] fresh = chunk("new", 10);
        save(uploader, fresh);
        assertThat(storedChunks(fresh)).isOne();
    }

    @Test
    void shouldRejectAChunkWhoseNameIsNotItsSha1() {
        Caller uploader = TestAccounts.member(users, "chunks-named");
        byte[] content = chunk("named", 10);
        assertThatThrownBy(() -> bundles.saveChunk(uploader, "0".repeat(40), content))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(storedChunks(content)).isZero();
    }
}
