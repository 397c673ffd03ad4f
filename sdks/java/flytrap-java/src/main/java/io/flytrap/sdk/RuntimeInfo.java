package io.flytrap.sdk;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JVM and OS an event comes from; read once, on the sender thread (the host name may need a DNS lookup). */
record RuntimeInfo(String runtime, String os, String hostName, Map<String, Object> runtimeContext,
                   Map<String, Object> osContext) {

    static RuntimeInfo read() {
        String javaVersion = System.getProperty("java.version", "");
        String vendor = System.getProperty("java.vendor", "");
        String osName = System.getProperty("os.name", "");
        String osVersion = System.getProperty("os.version", "");
        Map<String, Object> runtime = new LinkedHashMap<>();
        runtime.put("name", "Java");
        runtime.put("version", javaVersion);
        runtime.put("vendor", vendor);
        Map<String, Object> os = new LinkedHashMap<>();
        os.put("name", osName);
        os.put("version", osVersion);
        os.put("arch", System.getProperty("os.arch", ""));
        return new RuntimeInfo("Java " + javaVersion, (osName + " " + osVersion).strip(), localHostName(), runtime, os);
    }

    private static String localHostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception | LinkageError unknown) {
            return fromEnvironment;
        }
    }
}
