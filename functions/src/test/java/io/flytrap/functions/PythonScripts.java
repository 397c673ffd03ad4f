package io.flytrap.functions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a Python client script of a test (Flytrap's Python SDK sending to a running Flytrap) with Debian's
 * {@code /usr/bin/python3}, the interpreter CI has Flask for, and the SDK's sources on its path.
 */
public final class PythonScripts {

    /** sdks/python, found from any module's working directory. */
    public static final Path SDK = locate();
    private static final String PYTHON = "/usr/bin/python3";

    private PythonScripts() {
    }

    /** How the script ended: its exit code and everything it printed (stdout and stderr together). */
    public record Finished(int exitCode, String output) {
    }

    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("sdks/python/pyproject.toml"))) {
                return dir.resolve("sdks/python");
            }
        }
        throw new IllegalStateException("sdks/python/pyproject.toml not found above " + Path.of("").toAbsolutePath());
    }

    /** A fixture script of the SDK's tests, {@code sdks/python/tests/fixtures/<name>}. */
    public static Path fixture(String name) {
        return SDK.resolve("tests/fixtures").resolve(name);
    }

    /** Runs {@code python3 <script>} in the script's folder with {@code FLYTRAP_DSN} set; waits at most a minute. */
    public static Finished run(Path script, String dsn) throws Exception {
        assertThat(Path.of(PYTHON)).as("Python 3 with Flask (test.sh installs python3-flask)").exists();
        Path log = Files.createTempFile("python-client", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(PYTHON, script.getFileName().toString())
                    .directory(script.toAbsolutePath().getParent().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("FLYTRAP_DSN", dsn);
            builder.environment().put("PYTHONPATH", SDK.resolve("src").toString());
            builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
            Process python = builder.start();
            assertThat(python.waitFor(60, TimeUnit.SECONDS)).as("python exited").isTrue();
            return new Finished(python.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
