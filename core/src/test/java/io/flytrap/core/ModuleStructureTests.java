package io.flytrap.core;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModuleDependency;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Core's features as Spring Modulith application modules: each package right under io.flytrap.core. Their public
 * classes are what the others may use; the rest stays package-private, which the compiler enforces for every
 * caller, inside core and in the modules built on it. Here the model is verified (no cycles, no use of another
 * module's internals), each module's dependencies are held to the design below, and docs/modules is kept in
 * step with the code.
 * <p>
 * The allowed dependencies live in this test, not in {@code @ApplicationModule} annotations on the packages, so
 * that production jars (the Lambdas above all) carry no Modulith classes.
 */
class ModuleStructureTests {

    static final ApplicationModules MODULES = ApplicationModules.of("io.flytrap.core");

    /** What each module may use. Shared building blocks (event, access, crypto, settings) come first. */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            entry("event", Set.of()),
            entry("access", Set.of()),
            entry("crypto", Set.of()),
            entry("settings", Set.of()),
            entry("time", Set.of()),
            entry("metrics", Set.of()),
            entry("database", Set.of("settings")),
            entry("stacktrace", Set.of("event")),
            entry("protocol", Set.of("event", "stacktrace")),
            entry("scrubbing", Set.of("event")),
            entry("useragent", Set.of("event")),
            entry("grouping", Set.of("event", "crypto")),
            entry("urls", Set.of("settings")),
            entry("audit", Set.of("access")),
            entry("queue", Set.of("access", "settings")),
            entry("projects", Set.of("access", "audit", "grouping", "scrubbing")),
            entry("users", Set.of("access", "audit", "crypto", "projects", "settings")),
            entry("releases", Set.of("access", "projects")),
            entry("issues", Set.of("access", "audit", "event", "projects", "releases")),
            entry("alerts", Set.of("access", "audit", "event", "issues", "metrics", "projects", "settings", "urls")),
            entry("sourcemaps", Set.of("access", "crypto", "event", "metrics", "projects", "settings")),
            entry("ingest", Set.of("event", "metrics", "projects", "protocol", "queue", "settings")),
            entry("process", Set.of("alerts", "crypto", "database", "event", "grouping", "issues", "metrics", "projects",
                    "protocol", "queue", "releases", "scrubbing", "settings", "sourcemaps", "useragent")));

    private static final Path DOCS = Path.of("../docs/modules");

    @Test
    void modulesShouldBeFreeOfCyclesAndUseOnlyEachOthersPublicTypes() {
        MODULES.verify();
    }

    @Test
    void everyModuleShouldDependOnlyOnWhatTheDesignAllows() {
        List<String> unexpected = new ArrayList<>();
        for (ApplicationModule module : MODULES) {
            assertThat(ALLOWED).as("the design names module %s", module.getName()).containsKey(module.getName());
            module.getDirectDependencies(MODULES).uniqueStream(ApplicationModuleDependency::getTargetModule)
                    .map(dependency -> dependency.getTargetModule().getName())
                    .filter(target -> !ALLOWED.get(module.getName()).contains(target))
                    .forEach(target -> unexpected.add(module.getName() + " -> " + target));
        }
        assertThat(unexpected).as("dependencies the design does not allow (change the design here first)").isEmpty();
    }

    /**
     * docs/modules holds Modulith's diagrams and canvases. The Documenter orders some lines differently from run to
     * run, so files are compared as sets of lines. {@code -Dflytrap.module-docs.update=true} rewrites them.
     */
    @Test
    void moduleDocumentationShouldMatchTheCode() throws IOException {
        Path generated = Path.of("target/modulith-docs");
        new Documenter(MODULES, generated.toString())
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        if (Boolean.getBoolean("flytrap.module-docs.update")) {
            replaceDocs(generated);
        }
        assertThat(fileNames(DOCS)).as("files in docs/modules (rerun with -Dflytrap.module-docs.update=true)")
                .isEqualTo(fileNames(generated));
        for (String name : fileNames(generated)) {
            assertThat(lines(DOCS.resolve(name))).as("docs/modules/%s (rerun with -Dflytrap.module-docs.update=true)", name)
                    .isEqualTo(lines(generated.resolve(name)));
        }
    }

    /** Rewrites only what really changed: the Documenter's line order alone is no change. */
    private static void replaceDocs(Path generated) throws IOException {
        Files.createDirectories(DOCS);
        Set<String> current = fileNames(generated);
        for (String stale : fileNames(DOCS)) {
            if (!current.contains(stale)) {
                Files.delete(DOCS.resolve(stale));
            }
        }
        for (String name : current) {
            Path doc = DOCS.resolve(name);
            if (!Files.exists(doc) || !lines(doc).equals(lines(generated.resolve(name)))) {
                Files.copy(generated.resolve(name), doc, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static Set<String> fileNames(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return new TreeSet<>(files.map(file -> file.getFileName().toString()).toList());
        }
    }

    private static Set<String> lines(Path file) throws IOException {
        return new HashSet<>(Files.readAllLines(file));
    }
}
