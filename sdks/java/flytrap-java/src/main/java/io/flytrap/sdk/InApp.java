package io.flytrap.sdk;

import java.util.List;

/**
 * Decides which frames are the app's own code. With configured package prefixes, exactly the classes in them; without,
 * everything outside the JDK and the common frameworks and libraries, so that an app that configured nothing still
 * gets a culprit in its own code rather than in Tomcat.
 */
final class InApp {

    private static final List<String> NOT_APP = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "jakarta.",
            "kotlin.", "kotlinx.", "scala.", "groovy.", "org.springframework.", "org.apache.", "io.netty.", "reactor.",
            "ch.qos.logback.", "org.slf4j.", "org.hibernate.", "com.fasterxml.", "tools.jackson.", "org.eclipse.",
            "io.undertow.", "org.junit.", "org.gradle.", "worker.org.gradle.", "com.zaxxer.", "org.postgresql.",
            "io.micrometer.", "org.jboss.", "com.google.", "io.flytrap.sdk.");

    private final List<String> prefixes;

    InApp(List<String> packages) {
        this.prefixes = packages.stream().filter(p -> p != null && !p.isBlank())
                .map(p -> p.strip().endsWith(".") ? p.strip().substring(0, p.strip().length() - 1) : p.strip()).toList();
    }

    boolean isInApp(String className) {
        if (className == null) {
            return false;
        }
        if (!prefixes.isEmpty()) {
            for (String prefix : prefixes) {
                // "com.example" names com.example.Cart and com.example.Cart$Line, never com.examples.Cart
                if (className.startsWith(prefix) && (className.length() == prefix.length()
                        || className.charAt(prefix.length()) == '.' || className.charAt(prefix.length()) == '$')) {
                    return true;
                }
            }
            return false;
        }
        return !startsWithAny(className, NOT_APP);
    }

    private static boolean startsWithAny(String className, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
