package io.flytrap.sdk;

import java.net.URI;

/** Where events go, read from {@code http(s)://<public key>@host[:port][/path]/<project id>}. */
record Dsn(URI endpoint, String publicKey, long projectId) {

    static Dsn parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a DSN is required");
        }
        URI uri;
        try {
            uri = URI.create(text.strip());
        } catch (IllegalArgumentException unreadable) {
            throw new IllegalArgumentException("the DSN is not a URL: " + unreadable.getMessage());
        }
        String scheme = uri.getScheme();
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        int slash = path.lastIndexOf('/');
        String key = uri.getRawUserInfo();
        if (!("http".equals(scheme) || "https".equals(scheme)) || key == null || key.isEmpty() || uri.getHost() == null
                || slash < 0 || !path.substring(slash + 1).matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("the DSN must look like https://<key>@host/<project id>");
        }
        long projectId = Long.parseLong(path.substring(slash + 1));
        if (projectId < 1) {
            throw new IllegalArgumentException("the DSN's project id must be positive");
        }
        String base = scheme + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + path.substring(0, slash);
        return new Dsn(URI.create(base + "/api/errors"), key, projectId);
    }
}
