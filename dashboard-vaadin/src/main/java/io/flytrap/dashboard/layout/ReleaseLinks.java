package io.flytrap.dashboard.layout;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a release's page is, here so that issues can link to it without depending on the releases feature.
 * The version travels as a query parameter, not a path segment, because versions that events bring may contain
 * anything, slashes included; encoded, it is only ever a value.
 */
public final class ReleaseLinks {

    private ReleaseLinks() {
    }

    public static String release(long projectId, String version) {
        return "projects/" + projectId + "/release?version=" + URLEncoder.encode(version, StandardCharsets.UTF_8);
    }

    public static String releases(long projectId) {
        return "projects/" + projectId + "/releases";
    }
}
