package io.flytrap.functions.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the Lambda Java runtime does with the handler {@code FunctionInvoker::handleRequest}, for one event, in a
 * JVM of its own: reads the event JSON from a file and writes the function's JSON answer to another. Started by
 * {@link LambdaJarIT} on the shaded -aws jar (the AWS runtime itself cannot run here; this is its smallest stand-in).
 */
public final class InvokeLambda {

    private InvokeLambda() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        FunctionInvoker invoker = new FunctionInvoker();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (InputStream event = new FileInputStream(args[0])) {
            invoker.handleRequest(event, output, new LocalContext());
        }
        Files.writeString(Path.of(args[1]), output.toString(StandardCharsets.UTF_8));
        System.err.printf("invocation finished %d ms after JVM main%n", (System.nanoTime() - start) / 1_000_000);
    }

    static final class LocalContext implements Context {
        @Override public String getAwsRequestId() { return "local-request"; }
        @Override public String getLogGroupName() { return "local"; }
        @Override public String getLogStreamName() { return "local"; }
        @Override public String getFunctionName() { return System.getenv().getOrDefault("spring_cloud_function_definition", "local"); }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:000000000000:function:local"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 300_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.err.println(message); }
                @Override public void log(byte[] message) { System.err.println(new String(message, StandardCharsets.UTF_8)); }
            };
        }
    }
}
