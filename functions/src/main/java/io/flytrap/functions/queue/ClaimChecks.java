package io.flytrap.functions.queue;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Payloads too large for an SQS message, in the private bucket under {@code claims/<project>/<random id>}: the
 * event id comes from the client, so it must not name the object (two projects, or two items of one envelope,
 * could share it and overwrite each other's payload). They are not
 * deleted after processing: a redelivered message must still find its payload. The bucket's lifecycle rule
 * (Terraform) expires them after a few days.
 */
class ClaimChecks {

    static final String PREFIX = "claims/";

    /** Built on first use: a Lambda cold start should not pay for an S3 client the first events may not need. */
    private final Supplier<S3Client> s3;
    private final String bucket;

    ClaimChecks(Supplier<S3Client> s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    String put(long projectId, byte[] payload) {
        String key = PREFIX + projectId + "/" + java.util.UUID.randomUUID();
        s3.get().putObject(put -> put.bucket(bucket).key(key).serverSideEncryption(ServerSideEncryption.AES256)
                .contentType("application/octet-stream"), RequestBody.fromBytes(payload));
        return key;
    }

    byte[] get(String key) {
        if (!key.startsWith(PREFIX) || key.contains("..")) {
            throw new IllegalArgumentException("not a claim check key: " + key);
        }
        return s3.get().getObjectAsBytes(get -> get.bucket(bucket).key(key)).asByteArray();
    }
}
