package io.flytrap.functions.aws;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Properties;

/**
 * Real AWS protocol peers in the test JVM, on loopback: s3proxy (in-memory blob store) as S3 and ElasticMQ as
 * SQS. Started once per JVM and shared; tests use their own buckets and queues.
 */
public final class LocalAws {

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
                while (!s3.getState().equals("STARTED")) {
                    Thread.sleep(10);
                }
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
    public static String[] springProperties() {
        return new String[]{"spring.cloud.aws.region.static=us-east-1", "spring.cloud.aws.credentials.access-key=test",
                "spring.cloud.aws.credentials.secret-key=test-secret", "spring.cloud.aws.s3.path-style-access-enabled=true",
                "spring.cloud.aws.s3.endpoint=" + s3Endpoint(), "spring.cloud.aws.sqs.endpoint=" + sqsEndpoint()};
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
