package io.flytrap.deploy;

import java.nio.file.Path;

/**
 * The two images the build makes, where Maven writes their check tarballs, and the version they are tagged with.
 * The version comes from Maven (the project version, the one source of image tags); everything else is checked
 * against it.
 */
enum FlytrapImage {
    FUNCTIONS("flytrap-functions", "functions", "io.flytrap.functions.FunctionsApplication"),
    DASHBOARD("flytrap-dashboard", "dashboard-vaadin", "io.flytrap.dashboard.FlytrapApplication");

    final String name;
    final String module;
    final String mainClass;

    FlytrapImage(String name, String module, String mainClass) {
        this.name = name;
        this.module = module;
        this.mainClass = mainClass;
    }

    static Path root() {
        return Path.of(System.getProperty("flytrap.root", "..")).toAbsolutePath().normalize();
    }

    static String version() {
        String version = System.getProperty("flytrap.version");
        if (version == null || version.isBlank()) throw new IllegalStateException("run through Maven: flytrap.version is not set");
        return version;
    }

    /** The name:tag compose, Helm (after its registry), Terraform and the docs must use. */
    String reference() {
        return name + ":" + version();
    }

    Path checkTarball() {
        Path tarball = root().resolve(module).resolve("target/jib-image-check.tar");
        if (!java.nio.file.Files.isRegularFile(tarball)) {
            throw new IllegalStateException(tarball + " is missing: the package phase of " + module
                    + " writes it (the full build runs it before this module; alone: ./mvnw package -pl " + module + " -am)");
        }
        return tarball;
    }
}
