package io.flytrap.functions.storage;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;

/**
 * Source maps in S3 when {@code flytrap.artifacts.storage=s3}. Credentials come from the AWS default chain (the
 * Lambda's or pod's role); {@code flytrap.artifacts.s3.endpoint} points at an S3-compatible store instead of AWS
 * (path-style addressing then).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "flytrap.artifacts.storage", havingValue = "s3")
class S3StorageConfiguration {

    @Bean(destroyMethod = "close")
    S3Client artifactS3Client(@Value("${flytrap.artifacts.s3.region:}") String region,
                              @Value("${flytrap.artifacts.s3.endpoint:}") String endpoint) {
        var builder = S3Client.builder();
        if (!region.isBlank()) {
            builder.region(Region.of(region));
        }
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        }
        return builder.build();
    }

    @Bean
    S3ArtifactStore s3ArtifactStore(S3Client artifactS3Client, @Value("${flytrap.artifacts.s3.bucket}") String bucket,
                                    @Value("${flytrap.artifacts.max-size:50MB}") DataSize maxSize) {
        return new S3ArtifactStore(artifactS3Client, bucket, maxSize.toBytes());
    }
}
