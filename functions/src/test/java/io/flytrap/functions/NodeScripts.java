package io.flytrap.functions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a Node.js client script of a test (an SDK sending to a running Flytrap) with the DSN it is to use. */
public final class NodeScripts {

    private NodeScripts() {
    }

    /** How the script ended: its exit code and everything it printed (stdout and stderr together). */
    public record Finished(int exitCode, String output) {
    }

    /** Runs {@code node <script>} in the script's folder with {@code FLYTRAP_DSN} set; waits at most a minute. */
    public static Finished run(Path script, String dsn) throws Exception {
        Path log = Files.createTempFile("node-client", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder("node", script.getFileName().toString())
                    .directory(script.toAbsolutePath().getParent().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("FLYTRAP_DSN", dsn);
            Process node = builder.start();
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node exited").isTrue();
            return new Finished(node.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
