package io.flytrap.core.grouping;

import java.util.List;

/**
 * Code that is never the application's own, whatever the platform: the runtime, its standard library and the
 * common frameworks, and installed packages. Applies only where neither the SDK nor a project rule decided.
 */
final class PlatformDefaults {

    /** Java, Kotlin, Scala and the frameworks an error passes through on its way out of a JVM service. */
    private static final List<String> LIBRARY_MODULES = List.of("java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.",
            "kotlin.", "kotlinx.", "scala.", "groovy.", "org.springframework.", "org.apache.", "io.netty.", "org.hibernate.",
            "com.fasterxml.", "tools.jackson.", "org.eclipse.jetty.", "io.undertow.", "reactor.", "io.reactivex.",
            "io.micrometer.", "ch.qos.logback.", "org.slf4j.", "io.sentry.", "org.junit.", "com.zaxxer.", "org.postgresql.");

    /**
     * Installed packages (npm's node_modules, pip's site-packages and dist-packages), the Python standard
     * library (lib/pythonX.Y, frozen modules) and the JavaScript runtime's own code.
     */
    private static final List<String> LIBRARY_PATHS = List.of("node_modules/", "/site-packages/", "/dist-packages/",
            "/lib/python", "\\lib\\python", "<frozen ");

    private static final List<String> RUNTIME_FILE_PREFIXES = List.of("node:", "internal/", "native", "webpack/");

    private PlatformDefaults() {
    }

    static boolean library(String module, String file) {
        if (module != null && LIBRARY_MODULES.stream().anyMatch(module::startsWith)) {
            return true;
        }
        if (file == null) {
            return false;
        }
        return LIBRARY_PATHS.stream().anyMatch(file::contains) || RUNTIME_FILE_PREFIXES.stream().anyMatch(file::startsWith);
    }
}
