package io.flytrap.functions.storage;

import io.flytrap.core.sourcemaps.ArtifactStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.util.function.Supplier;
import java.util.Optional;

/**
 * Artifact bytes in a private S3 bucket, under {@code artifacts/<id>}; encrypted at rest (SSE-S3) on every write,
 * whatever the bucket's default. Maps placed by hand at {@code <project id>/<file>.map} are read too, as the
 * original Flytrap's bucket held them.
 */
public class S3ArtifactStore implements ArtifactStore {

    static final String PREFIX = "artifacts/";

    /** Built on first use: a Lambda cold start should not pay for an S3 client the first events may not need. */
    private final Supplier<S3Client> s3;
    private final String bucket;
    private final long maxSize;

    public S3ArtifactStore(Supplier<S3Client> s3, String bucket, long maxSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.maxSize = maxSize;
    }

    @Override
    public StoredAt save(long artifactId, byte[] content) {
        String key = PREFIX + artifactId;
        s3.get().putObject(put -> put.bucket(bucket).key(key).serverSideEncryption(ServerSideEncryption.AES256)
                .contentType("application/octet-stream"), RequestBody.fromBytes(content));
        return new StoredAt("s3", key);
    }

    @Override
    public Optional<byte[]> load(long artifactId) {
        return read(PREFIX + artifactId);
    }

    @Override
    public void delete(long artifactId) {
        s3.get().deleteObject(delete -> delete.bucket(bucket).key(PREFIX + artifactId));
    }

    @Override
    public Optional<byte[]> loadPlaced(long projectId, String fileName) {
        if (fileName.contains("/") || fileName.startsWith(".")) {
            return Optional.empty(); // a base name only: nothing outside the project's own folder
        }
        return read(projectId + "/" + fileName);
    }

    private Optional<byte[]> read(String key) {
        try {
            var head = s3.get().headObject(h -> h.bucket(bucket).key(key));
            if (head.contentLength() != null && head.contentLength() > maxSize) {
                return Optional.empty(); // never pull an object larger than any upload may be
            }
            return Optional.of(s3.get().getObjectAsBytes(get -> get.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException missing) {
            return Optional.empty();
        } catch (software.amazon.awssdk.services.s3.model.S3Exception notThere) {
            if (notThere.statusCode() == 404) {
                return Optional.empty();
            }
            throw notThere;
        }
    }
}
