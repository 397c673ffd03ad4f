package io.flytrap.core.sourcemaps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bundles and maps made by real minifiers: runs src/test/node/sourcemaps/build.mjs (esbuild, terser, and Mozilla's
 * source-map for the expected answers) once per test JVM, installing its npm packages from the lock file first.
 */
final class MinifiedFixtures {

    static final Path PROJECT = Path.of("src/test/node/sourcemaps");
    private static Path built;

    private MinifiedFixtures() {
    }

    static synchronized Path built() throws Exception {
        if (built == null) {
            if (!Files.isDirectory(PROJECT.resolve("node_modules/esbuild"))) {
                run(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund"), 5);
            }
            Path out = Files.createTempDirectory("flytrap-minified");
            run(new ProcessBuilder("node", "build.mjs", out.toAbsolutePath().toString()), 2);
            built = out;
        }
        return built;
    }

    private static void run(ProcessBuilder command, int minutes) throws Exception {
        Process process = command.directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(process.waitFor(minutes, TimeUnit.MINUTES)).as(String.join(" ", command.command()) + " finished").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command.command())
                + " (needs Node.js and npm; test.sh installs them)").isZero();
    }
}
