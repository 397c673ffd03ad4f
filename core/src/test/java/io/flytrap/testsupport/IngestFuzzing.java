package io.flytrap.testsupport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The corpus sent to every ingest route, as the functions container and the one-process app both serve them. */
public final class IngestFuzzing {

    private IngestFuzzing() {
    }

    /** Sends everything in {@link HostileInputs} for ingest to a project; the client keeps the verdicts. */
    public static void sendCorpus(FuzzClient client, long projectId, String key) {
        String envelope = "/api/" + projectId + "/envelope/";
        String store = "/api/" + projectId + "/store/";
        Map<String, String> sentryAuth = Map.of("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + key,
                "Content-Type", "application/x-sentry-envelope");
        Map<String, String> nativeAuth = Map.of("x-api-key", key, "Content-Type", "application/json");

        HostileInputs.bodies().forEach((name, body) -> {
            for (String path : List.of("/api/errors", "/api/rejections")) {
                client.send("native body " + name, "POST", path, nativeAuth, body);
            }
            client.send("store body " + name, "POST", store, sentryAuth, body);
            client.send("envelope body " + name, "POST", envelope, sentryAuth, body);
        });
        HostileInputs.nativeEvents(projectId).forEach((name, json) -> {
            client.send("native " + name, "POST", "/api/errors", nativeAuth, HostileInputs.utf8(json));
            client.send("native rejection " + name, "POST", "/api/rejections", nativeAuth, HostileInputs.utf8(json));
        });
        HostileInputs.sentryEvents().forEach((name, json) ->
                client.send("store " + name, "POST", store, sentryAuth, HostileInputs.utf8(json)));
        HostileInputs.envelopes().forEach((name, body) -> client.send("envelope " + name, "POST", envelope, sentryAuth, body));

        byte[] validEnvelope = HostileInputs.utf8("{}\n{\"type\":\"event\"}\n{\"message\":\"encoded\"}\n");
        byte[] validNative = HostileInputs.utf8("{\"data\":{\"error\":{\"name\":\"E\",\"message\":\"encoded\",\"stack\":\"\"},\"project_id\":"
                + projectId + "}}");
        HostileInputs.encodings(validEnvelope).forEach((name, encoded) -> client.send("envelope encoding " + name, "POST",
                envelope, with(sentryAuth, "Content-Encoding", (String) encoded[0]), (byte[]) encoded[1]));
        HostileInputs.encodings(validNative).forEach((name, encoded) -> client.send("native encoding " + name, "POST",
                "/api/errors", with(nativeAuth, "Content-Encoding", (String) encoded[0]), (byte[]) encoded[1]));

        sendAuthAndPathVariants(client, projectId, key, validEnvelope, validNative);
    }

    private static void sendAuthAndPathVariants(FuzzClient client, long projectId, String key, byte[] validEnvelope,
                                                byte[] validNative) {
        Map<String, String> none = Map.of();
        String envelope = "/api/" + projectId + "/envelope/";
        client.send("no key", "POST", envelope, none, validEnvelope);
        client.send("key %00", "POST", envelope + "?sentry_key=%00", none, validEnvelope);
        client.send("key with nul inside", "POST", envelope + "?sentry_key=" + key + "%00&sentry_version=7", none, validEnvelope);
        client.send("key long", "POST", envelope + "?sentry_key=" + "a".repeat(5000), none, validEnvelope);
        client.send("key not hex", "POST", envelope + "?sentry_key=%F0%9F%90%9B%27%22", none, validEnvelope);
        client.send("auth header garbage", "POST", envelope, Map.of("X-Sentry-Auth", "Sentry ,,=,sentry_key=,sentry_key"), validEnvelope);
        client.send("native key %00", "POST", "/api/errors?api_key=%00", none, validNative);
        client.send("native key garbage", "POST", "/api/errors", Map.of("x-api-key", "'; select 1; --"), validNative);
        client.send("native invalid utf-8 in query", "POST", "/api/errors?api_key=%ff%fe", none, validNative);
        for (String id : List.of("0", "-1", "99999999999999999999", "abc", "1.5", "%20", "%00")) {
            client.send("project id " + id, "POST", "/api/" + id + "/envelope/", Map.of("X-Sentry-Auth", "Sentry sentry_key=" + key), validEnvelope);
            client.send("project id " + id + " store", "POST", "/api/" + id + "/store/", Map.of("X-Sentry-Auth", "Sentry sentry_key=" + key), validEnvelope);
        }
        for (String method : List.of("GET", "PUT", "PATCH", "DELETE")) {
            client.send("method " + method, method, envelope, none, null);
            client.send("native method " + method, method, "/api/errors", none, null);
        }
        client.send("declared huge", "POST", "/api/errors", Map.of("x-api-key", key, "Content-Type", "application/json"),
                new byte[11 * 1024 * 1024]);
        client.sendRaw("bad request line", "GET /api/\u0001 HTTP/1.1\r\nHost: x\r\n\r\n");
        client.sendRaw("encoded nul in path", "GET /api/v1/projects/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        client.sendRaw("bad percent encoding", "GET /api/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        client.sendRaw("bad content length", "POST /api/errors HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\nConnection: close\r\n\r\n{}");
        client.sendRaw("nul in header", "POST " + envelope + " HTTP/1.1\r\nHost: x\r\nX-Sentry-Auth: Sentry sentry_key=\u0000\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
        client.sendRaw("chunked garbage", "POST /api/errors HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nx-api-key: " + key
                + "\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return copy;
    }
}
