package io.flytrap.bench.lambda;

import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.functions.lambda.LocalInvoke;
import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Cold start of the process Lambda: process spawn → first SQS batch processed and answered (not the JVM's exit:
 * on Lambda it lives on), each run a new JVM, as Lambda starts one. Flytrap's -aws jar through FunctionInvoker —
 * as is, with the context Spring prepared at build time ({@code -Dspring.aot.enabled=true}, as deployed), and with
 * that plus a JDK 25 AOT cache — beside a plain-Java handler doing one JDBC insert, alternating, in one run.
 * Every JVM gets the flags Lambda's Java 25 runtime sets without SnapStart (C1 only, serial GC). The Flytrap
 * runs are configured as deployed on AWS: SQS queue, source maps in S3 (the S3 endpoint refuses connections, so a
 * JavaScript frame's lookup of a hand-placed map fails fast, as a missing one does). Arguments: the -aws jar, the
 * classpath of the baseline, rounds, and the file the markdown table goes to.
 */
public final class LambdaColdStartBenchmark {

    private LambdaColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path awsJar = Path.of(args[0]);
        String baselineClasspath = args[1];
        int rounds = Integer.parseInt(args[2]);
        Path work = Files.createTempDirectory("lambda-cold-start");
        HttpServer s3 = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s3.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        s3.start();
        String s3Endpoint = "http://127.0.0.1:" + s3.getAddress().getPort();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration").load().migrate();
            long projectId;
            try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement sql = connection.createStatement()) {
                sql.execute("create table bench_plain_lambda (id bigserial primary key, body text)");
                try (ResultSet row = sql.executeQuery("insert into projects (name) values ('cold start') returning id")) {
                    row.next();
                    projectId = row.getLong(1);
                }
            }
            Map<String, String> env = new HashMap<>(Map.of("FLYTRAP_DB_URL", url, "FLYTRAP_DB_USER", "postgres",
                    "FLYTRAP_DB_PASSWORD", "", "MAIN_CLASS", "io.flytrap.functions.lambda.LambdaApplication",
                    "spring_cloud_function_definition", "processSqs", "AWS_LAMBDA_FUNCTION_NAME", "flytrap-process",
                    "FLYTRAP_QUEUE_TYPE", "sqs", "FLYTRAP_QUEUE_SQS_QUEUE", "http://127.0.0.1:9/000000000000/never-called",
                    "FLYTRAP_QUEUE_SQS_CLAIM_BUCKET", "never-called", "FLYTRAP_ARTIFACTS_STORAGE", "s3"));
            env.putAll(Map.of("SPRING_CLOUD_AWS_REGION_STATIC", "us-east-1", "SPRING_CLOUD_AWS_CREDENTIALS_ACCESS_KEY", "x",
                    "SPRING_CLOUD_AWS_CREDENTIALS_SECRET_KEY", "x", "SPRING_CLOUD_AWS_SQS_ENDPOINT", "http://127.0.0.1:9",
                    "SPRING_CLOUD_AWS_S3_ENDPOINT", s3Endpoint, "SPRING_CLOUD_AWS_S3_PATH_STYLE_ACCESS_ENABLED", "true",
                    "FLYTRAP_ARTIFACTS_S3_BUCKET", "maps"));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path cache = work.resolve("flytrap-lambda.aot");
            List<Long> plain = new ArrayList<>();
            List<Long> flytrap = new ArrayList<>();
            List<Long> flytrapSpringAot = new ArrayList<>();
            List<Long> flytrapBothAot = new ArrayList<>();
            String invoke = LocalInvoke.class.getName();
            // the -aws jar as deployed, plus only the runtime's stand-in (not in the deployed jar)
            String lambdaClasspath = awsJar + File.pathSeparator + LocalInvoke.classpathEntry();
            // one untimed training run writes the AOT cache (in a deployment: built once per jar and JDK build)
            run(lambdaJvm(java, SPRING_AOT, "-XX:AOTCacheOutput=" + cache, "-cp", lambdaClasspath, invoke,
                    event(work, projectId).toString(), work.resolve("answer.json").toString()), env, work);
            for (int round = 0; round < rounds; round++) {
                plain.add(run(lambdaJvm(java, "-cp", baselineClasspath, invoke,
                        event(work, projectId).toString(), work.resolve("answer.json").toString(), PlainJdbcHandler.class.getName()), env, work));
                flytrap.add(run(lambdaJvm(java, "-cp", lambdaClasspath, invoke,
                        event(work, projectId).toString(), work.resolve("answer.json").toString()), env, work));
                flytrapSpringAot.add(run(lambdaJvm(java, SPRING_AOT, "-cp", lambdaClasspath, invoke,
                        event(work, projectId).toString(), work.resolve("answer.json").toString()), env, work));
                flytrapBothAot.add(run(lambdaJvm(java, SPRING_AOT, "-XX:AOTCache=" + cache, "-cp", lambdaClasspath, invoke,
                        event(work, projectId).toString(), work.resolve("answer.json").toString()), env, work));
                System.out.printf("round %d: plain %d ms, flytrap %d ms, +Spring AOT %d ms, +Spring AOT +AOT cache %d ms%n",
                        round + 1, plain.getLast(), flytrap.getLast(), flytrapSpringAot.getLast(), flytrapBothAot.getLast());
            }
            try (Connection connection = postgres.getPostgresDatabase().getConnection(); Statement sql = connection.createStatement();
                 ResultSet count = sql.executeQuery("select count(*) from events where project_id = " + projectId)) {
                count.next();
                if (count.getLong(1) != 3L * rounds + 1) {
                    throw new IllegalStateException("expected " + (3 * rounds + 1) + " stored events, found " + count.getLong(1));
                }
            }
            long base = median(plain);
            String table = """
                    | process Lambda cold start (JVM start → SQS batch answered) | median ms | ÷ plain JDBC handler |
                    |---|---|---|
                    | plain Java handler, one JDBC insert (baseline) | %d | 1.00 |
                    | Flytrap `processSqs` via FunctionInvoker | %d | %.2f |
                    | Flytrap, context prepared at build time (Spring AOT, as deployed) | %d | %.2f |
                    | Flytrap, Spring AOT and a JDK 25 AOT cache | %d | %.2f |

                    Medians of %d alternating rounds; every JVM with Lambda's Java 25 flags (`%s`).
                    """.formatted(base, median(flytrap), median(flytrap) / (double) base,
                    median(flytrapSpringAot), median(flytrapSpringAot) / (double) base,
                    median(flytrapBothAot), median(flytrapBothAot) / (double) base, rounds, String.join(" ", LAMBDA_JVM_FLAGS));
            System.out.println();
            System.out.print(table);
            Files.writeString(Path.of(args[3]), table);
        } finally {
            s3.stop(0);
        }
    }

    /**
     * What Lambda's Java 25 runtime passes the JVM when SnapStart is off: tiered compilation stops at C1, and the
     * serial collector (AWS, "Customize Java runtime startup behavior for Lambda functions").
     */
    /** What the Lambdas are deployed with (Terraform's JAVA_TOOL_OPTIONS): the bean definitions Spring prepared at build time. */
    static final String SPRING_AOT = "-Dspring.aot.enabled=true";

    static final List<String> LAMBDA_JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private static List<String> lambdaJvm(String java, String... arguments) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(LAMBDA_JVM_FLAGS);
        command.addAll(List.of(arguments));
        return command;
    }

    /** An SQS event with one fresh message in the queue format of SqsEventQueue. */
    private static Path event(Path work, long projectId) throws Exception {
        String payload = """
                {"data": {"project_id": %d, "error": {"name": "Error", "message": "cold start",
                 "stack": "Error: cold start\\n    at handler (index.js:1:1)"}}}""".formatted(projectId);
        String body = """
                {"v":1,"projectId":%d,"eventId":"%s","protocol":"%s","receivedAt":"%s","meta":{},"payload":"%s"}"""
                .formatted(projectId, UUID.randomUUID(), NativePayloadParser.ERROR_PROTOCOL, Instant.now(),
                        Base64.getEncoder().encodeToString(payload.getBytes()));
        String event = """
                {"Records":[{"messageId":"%s","receiptHandle":"r","body":%s,"attributes":{"ApproximateReceiveCount":"1"},
                 "messageAttributes":{},"md5OfBody":"","eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:000000000000:q",
                 "awsRegion":"us-east-1"}]}""".formatted(UUID.randomUUID(), tools.jackson.databind.json.JsonMapper.builder().build()
                .writeValueAsString(body));
        Path file = work.resolve("event.json");
        Files.writeString(file, event);
        return file;
    }

    private static long run(List<String> command, Map<String, String> env, Path work) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("child.log").toFile());
        builder.environment().putAll(env);
        long start = System.currentTimeMillis();
        Process process = builder.start();
        int exit = process.waitFor();
        // until the answer was written, not until the JVM exited: a Lambda JVM stays up after answering
        long millis = Files.readAllLines(work.resolve("child.log")).stream().filter(line -> line.startsWith("answered-at-epoch-ms "))
                .mapToLong(line -> Long.parseLong(line.substring("answered-at-epoch-ms ".length()).strip()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no answer marker")) - start;
        String answer = Files.exists(work.resolve("answer.json")) ? Files.readString(work.resolve("answer.json")) : "";
        if (exit != 0 || !answer.contains("\"batchItemFailures\":[]")) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + exit + "): " + answer + "\n"
                    + Files.readString(work.resolve("child.log")));
        }
        Files.delete(work.resolve("answer.json"));
        return millis;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
