package io.flytrap.dashboard.sdk;

import java.net.URI;

/**
 * What an SDK needs to send to a project: the native endpoint with project id and key, or one Sentry DSN.
 *
 * @param endpoint the base URL SDKs post to ({@code <endpoint>/api/errors})
 */
public record SdkSettings(String endpoint, long projectId, String apiKey, String dsn) {

    public static SdkSettings of(String publicUrl, long projectId, String apiKey) {
        String endpoint = endpointOf(publicUrl);
        URI base = URI.create(endpoint);
        String port = base.getPort() < 0 ? "" : ":" + base.getPort();
        String path = base.getPath() == null ? "" : base.getPath();
        String dsn = base.getScheme() + "://" + apiKey + "@" + base.getHost() + port + path + "/" + projectId;
        return new SdkSettings(endpoint, projectId, apiKey, dsn);
    }

    /** The public URL without a trailing slash: what paths are appended to. */
    static String endpointOf(String publicUrl) {
        return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** A command that sends a test error, for the project page and the creation dialog. */
    public String curlExample() {
        return """
                curl -X POST '%s/api/errors' \\
                  -H 'content-type: application/json' \\
                  -H 'x-api-key: %s' \\
                  -d '{"data": {"error": {"name": "Error", "message": "Hello from curl", "stack": "Error: Hello from curl\\n    at main (app.js:1:1)"}, "handled": true, "project_id": "%d", "runtime": "curl"}}'
                """.formatted(endpoint, apiKey, projectId).strip();
    }
}
