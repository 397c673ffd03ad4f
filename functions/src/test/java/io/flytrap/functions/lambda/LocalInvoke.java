package io.flytrap.functions.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * What the Lambda Java runtime does with a stream handler, for one event, in a JVM of its own: creates the handler
 * ({@code FunctionInvoker} for Flytrap's jar), reads the event JSON from a file and writes the answer to another.
 * For LambdaJarIT and bench/lambda-cold-start.sh — the AWS runtime itself cannot run here; this is its smallest
 * stand-in. A harness, so it lives in the test sources (and the functions test jar the bench uses), not in the
 * deployed jar; a run puts the -aws jar and {@link #classpathEntry()} on the class path:
 * {@code java -cp flytrap-functions-*-aws.jar:<entry> io.flytrap.functions.lambda.LocalInvoke event.json answer.json}
 * (environment as on Lambda: MAIN_CLASS, spring_cloud_function_definition, FLYTRAP_*).
 */
public final class LocalInvoke {

    private LocalInvoke() {
    }

    /**
     * A new jar holding only this class and its nested ones, for the class path of a JVM that runs the -aws jar:
     * the test classes beside it must not be there, where the application's component scan would find them. A jar,
     * not a directory: JDK 25 refuses to write an AOT cache ({@code -XX:AOTCacheOutput}) for a class path with a
     * non-empty directory, which bench/lambda-cold-start.sh's AOT-cache run needs.
     */
    public static Path classpathEntry() throws IOException {
        Path jar = Files.createTempFile("local-invoke", ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> type : LocalInvoke.class.getNestMembers()) {
                String file = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(file));
                try (InputStream bytes = LocalInvoke.class.getClassLoader().getResourceAsStream(file)) {
                    bytes.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    /** Arguments: event file, answer file, and optionally the handler class (FunctionInvoker by default). */
    public static void main(String[] args) throws Exception {
        RequestStreamHandler handler = args.length > 2
                ? (RequestStreamHandler) Class.forName(args[2]).getDeclaredConstructor().newInstance()
                : new FunctionInvoker();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (InputStream event = new FileInputStream(args[0])) {
            handler.handleRequest(event, output, new LocalContext());
        }
        Files.writeString(Path.of(args[1]), output.toString(StandardCharsets.UTF_8));
        // for timing cold starts: a Lambda JVM lives on after answering, so its shutdown is no part of the start
        System.out.println("answered-at-epoch-ms " + System.currentTimeMillis());
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
