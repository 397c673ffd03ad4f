package io.flytrap.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flytrap's own JavaScript SDKs (the npm workspace in sdks/), built once per test JVM when their bundles are
 * missing: test.sh builds them before Maven runs, but a plain {@code ./mvnw verify} must work too.
 */
public final class JavaScriptSdks {

    private static final Path ROOT = locate();

    private JavaScriptSdks() {
    }

    /** The sdks/ folder, found from any module's working directory. */
    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("sdks/package.json"))) {
                return dir.resolve("sdks");
            }
        }
        throw new IllegalStateException("sdks/package.json not found above " + Path.of("").toAbsolutePath());
    }

    /** The npm workspace of the JavaScript SDKs. */
    public static Path root() {
        return ROOT;
    }

    /** The browser SDK's script-tag build, {@code flytrap.min.js}. */
    public static synchronized Path browserScript() {
        Path script = ROOT.resolve("javascript/browser/dist/flytrap.min.js");
        ensureBuilt(script);
        return script;
    }

    /** The Node SDK's ES module entry point (it imports the core package's bundle, built with it). */
    public static synchronized Path nodeModule() {
        Path module = ROOT.resolve("javascript/node/dist/index.mjs");
        ensureBuilt(module);
        ensureBuilt(ROOT.resolve("javascript/core/dist/index.mjs"));
        return module;
    }

    private static void ensureBuilt(Path output) {
        if (Files.exists(output)) {
            return;
        }
        try {
            if (!Files.isDirectory(ROOT.resolve("node_modules"))) {
                run(new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund"), 5);
            }
            run(new ProcessBuilder("node", "scripts/build.mjs"), 3);
        } catch (Exception e) {
            throw new IllegalStateException("could not build the JavaScript SDKs (needs Node.js and npm; test.sh installs them)", e);
        }
        assertThat(output).as("built by sdks/scripts/build.mjs").exists();
    }

    private static void run(ProcessBuilder command, int minutes) throws Exception {
        Process process = command.directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(process.waitFor(minutes, TimeUnit.MINUTES)).as(command.command() + " finished in time").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command.command())).isZero();
    }
}
