package io.flytrap.functions.aws;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.springframework.test.context.DynamicPropertyRegistry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;

import static org.awaitility.Awaitility.await;

/**
 * Real AWS protocol peers in the test JVM, on loopback: s3proxy (in-memory blob store) as S3 and ElasticMQ as
 * SQS. Started once per JVM and shared; tests use their own buckets and queues.
 */
public final class LocalAws {

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test-secret"));
    private static S3Proxy s3;
    private static SQSRestServer sqs;
    private static int sqsPort;

    private LocalAws() {
    }

    public static synchronized String s3Endpoint() {
        if (s3 == null) {
            try {
                s3 = S3Proxy.builder().blobStore(BlobStores.create("transient", new Properties()))
                        .endpoint(URI.create("http://127.0.0.1:0")).awsAuthentication(AuthenticationType.NONE, null, null).build();
                s3.start();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                        .until(() -> s3.getState().equals("STARTED"));
            } catch (Exception e) {
                throw new IllegalStateException("s3proxy did not start", e);
            }
        }
        return "http://127.0.0.1:" + s3.getPort();
    }

    public static synchronized String sqsEndpoint() {
        if (sqs == null) {
            sqsPort = freePort();
            sqs = SQSRestServerBuilder.withPort(sqsPort).withInterface("127.0.0.1").start();
            sqs.waitUntilStarted();
        }
        return "http://127.0.0.1:" + sqsPort;
    }

    /** The settings an application context needs to use both, as Spring Cloud AWS reads them. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.aws.region.static", () -> "us-east-1");
        registry.add("spring.cloud.aws.credentials.access-key", () -> "test");
        registry.add("spring.cloud.aws.credentials.secret-key", () -> "test-secret");
        registry.add("spring.cloud.aws.s3.path-style-access-enabled", () -> "true");
        registry.add("spring.cloud.aws.s3.endpoint", LocalAws::s3Endpoint);
        registry.add("spring.cloud.aws.sqs.endpoint", LocalAws::sqsEndpoint);
    }

    /** A client of the local SQS, for a test to look at or feed the queue itself. */
    public static SqsClient sqsClient() {
        return SqsClient.builder().endpointOverride(URI.create(sqsEndpoint())).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).build();
    }

    /** A client of the local S3. */
    public static S3Client s3Client() {
        return S3Client.builder().endpointOverride(URI.create(s3Endpoint())).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).build();
    }

    /** Creates the bucket unless it exists (the S3 stand-in lives for the whole JVM). */
    public static void createBucket(String name) {
        try (S3Client s3 = s3Client()) {
            if (s3.listBuckets().buckets().stream().noneMatch(bucket -> bucket.name().equals(name))) {
                s3.createBucket(create -> create.bucket(name));
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
