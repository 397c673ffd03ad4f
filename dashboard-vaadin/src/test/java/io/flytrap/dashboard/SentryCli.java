package io.flytrap.dashboard;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real sentry-cli binary from npm (@sentry/cli, pinned in src/test/node/sentry-cli), run as a CI job would. */
public final class SentryCli {

    public static final Path CLIENT = Path.of("src/test/node/sentry-cli");

    /** What one run printed, and how it ended. */
    public record Result(int exitCode, String output) {
    }

    private SentryCli() {
    }

    /** Installs the npm packages on first use (needs Node.js and npm; test.sh installs them). */
    public static void install() throws Exception {
        if (!Files.isDirectory(CLIENT.resolve("node_modules/@sentry/cli"))) {
            assertThat(run(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(CLIENT.toFile()), 5).exitCode())
                    .as("npm ci (needs Node.js and npm; test.sh installs them)").isZero();
        }
    }

    /** Runs sentry-cli in the directory (a git tree for set-commits) against Flytrap with that token. */
    public static Result run(Path directory, int port, String token, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(CLIENT.resolve("node_modules/.bin/sentry-cli").toAbsolutePath().toString());
        command.addAll(List.of(arguments));
        ProcessBuilder cli = new ProcessBuilder(command).directory(directory.toFile());
        cli.environment().putAll(Map.of("SENTRY_URL", "http://127.0.0.1:" + port, "SENTRY_AUTH_TOKEN", token,
                "SENTRY_ORG", "flytrap", "SENTRY_LOG_LEVEL", "info"));
        return run(cli, 2);
    }

    public static Result run(ProcessBuilder command, int minutes) throws Exception {
        File log = Files.createTempFile("sentry-cli", ".log").toFile();
        Process process = command.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log)).start();
        assertThat(process.waitFor(minutes, TimeUnit.MINUTES)).as(String.join(" ", command.command()) + " finished").isTrue();
        return new Result(process.exitValue(), Files.readString(log.toPath()));
    }
}
