package io.flytrap.core.useragent;

import ua_parser.Client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What one User-Agent says, in Sentry's context shapes ({name, version, type} for browser and os, {family, type}
 * for device), so events look the same whether the SDK or Flytrap filled them in. Null where it says nothing.
 */
record DerivedContexts(Map<String, Object> browser, Map<String, Object> os, Map<String, Object> device) {

    static final DerivedContexts NONE = new DerivedContexts(null, null, null);

    /** uap-core's word for "no pattern matched". */
    private static final String UNKNOWN = "Other";

    static DerivedContexts of(Client parsed) {
        return new DerivedContexts(
                parsed.userAgent == null ? null : nameAndVersion("browser", parsed.userAgent.family,
                        parsed.userAgent.major, parsed.userAgent.minor, parsed.userAgent.patch),
                parsed.os == null ? null : nameAndVersion("os", parsed.os.family,
                        parsed.os.major, parsed.os.minor, parsed.os.patch),
                parsed.device == null || !known(parsed.device.family) ? null
                        : context("device", "family", parsed.device.family, null));
    }

    /** The contexts found, by name, in the order events show them. */
    Map<String, Map<String, Object>> asMap() {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        if (browser != null) {
            found.put("browser", browser);
        }
        if (os != null) {
            found.put("os", os);
        }
        if (device != null) {
            found.put("device", device);
        }
        return found;
    }

    private static Map<String, Object> nameAndVersion(String type, String family, String... versionParts) {
        if (!known(family)) {
            return null;
        }
        String version = Stream.of(versionParts).takeWhile(part -> part != null && !part.isEmpty())
                .collect(Collectors.joining("."));
        return context(type, "name", family, version.isEmpty() ? null : version);
    }

    private static Map<String, Object> context(String type, String nameKey, String name, String version) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(nameKey, name);
        if (version != null) {
            context.put("version", version);
        }
        context.put("type", type);
        return Collections.unmodifiableMap(context);
    }

    private static boolean known(String family) {
        return family != null && !family.isBlank() && !UNKNOWN.equals(family);
    }
}
