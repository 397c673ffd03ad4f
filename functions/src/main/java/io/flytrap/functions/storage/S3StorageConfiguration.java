package io.flytrap.functions.storage;

import org.springframework.beans.factory.ObjectProvider;
import io.flytrap.core.sourcemaps.ArtifactsProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Source maps in S3 when {@code flytrap.artifacts.storage=s3}. The client is Spring Cloud AWS's: region,
 * credentials (by default the Lambda's or pod's role) and an S3-compatible endpoint come from its standard
 * {@code spring.cloud.aws.*} settings.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "flytrap.artifacts.storage", havingValue = "s3")
@EnableConfigurationProperties(S3ArtifactsProperties.class)
class S3StorageConfiguration {

    /** The S3 client is built on the first source map read or written, not at a Lambda's cold start. */
    @Bean
    S3ArtifactStore s3ArtifactStore(ObjectProvider<S3Client> s3, S3ArtifactsProperties s3Properties,
                                    ArtifactsProperties artifacts) {
        return new S3ArtifactStore(s3::getObject, s3Properties.bucket(), artifacts.maxSize().toBytes());
    }
}
