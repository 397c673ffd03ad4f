package io.flytrap.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends the fuzz corpus to a running Flytrap over real HTTP and keeps what went wrong instead of stopping at the
 * first failure, so one run shows every offending input. What must never happen, for any input: a 5xx, a
 * redirect, an HTML answer, a body that is not JSON under /api/. It also remembers every event id an answer said was accepted, so
 * the test can check each of them was stored.
 */
public final class FuzzClient {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-fA-F-]{32,36})\"");
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\":\\[([^]]*)]");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final List<String> violations = new ArrayList<>();
    private final Set<UUID> accepted = new LinkedHashSet<>();
    private int sent;

    public FuzzClient(int port) {
        this.port = port;
    }

    /** Sends one request; a violation is recorded, not thrown. Returns the status (-1 when the request failed). */
    public int send(String what, String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                // what a browser sends: an answer must not turn into HTML because the client would take it
                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        sent++;
        String described = what + " (" + method + " " + pathAndQuery + ")";
        try {
            HttpResponse<String> response = sendOnceMore(request.build());
            check(described, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
            return response.statusCode();
        } catch (IOException | InterruptedException | IllegalArgumentException e) {
            violations.add(described + ": request failed: " + e);
            return -1;
        }
    }

    /**
     * A server may close an idle kept-alive connection just as the client reuses it; the client then reads no bytes
     * at all, and java.net.http retries only idempotent requests by itself. One more try on the same request keeps
     * that race out of the results; a server that really drops an input fails the second try as well.
     */
    private HttpResponse<String> sendOnceMore(HttpRequest request) throws IOException, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                throw e;
            }
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }

    /**
     * Sends bytes as they are, for requests no HTTP client would build (a broken request line, a NUL in the path);
     * the container itself answers some of these.
     */
    public void sendRaw(String what, String request) {
        sent++;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headersEnd = answer.indexOf("\r\n\r\n");
            String head = headersEnd < 0 ? answer : answer.substring(0, headersEnd);
            String body = headersEnd < 0 ? "" : answer.substring(headersEnd + 4);
            Matcher status = Pattern.compile("^HTTP/1\\.1 (\\d{3})").matcher(head);
            if (!status.find()) {
                if (!answer.isEmpty()) {
                    violations.add(what + ": not an HTTP answer: " + abbreviate(answer));
                }
                return; // the connection closed without an answer: nothing was served, HTML least of all
            }
            Matcher type = Pattern.compile("(?im)^content-type:\\s*(.+)$").matcher(head);
            check(what + " (raw)", Integer.parseInt(status.group(1)), type.find() ? type.group(1).strip() : "", body);
        } catch (IOException e) {
            // reset or closed by the server: a refusal without any page
        }
    }

    private void check(String what, int status, String contentType, String body) {
        String answer = what + " -> " + status + " " + contentType + " " + abbreviate(body);
        if (status >= 500) {
            violations.add("server error: " + answer);
        }
        if (status >= 300 && status < 400) {
            // the API never redirects: this was the sign-in page answering for an error nothing handled
            violations.add("redirect: " + answer);
        }
        // A page, not a JSON string that happens to hold markup (the corpus stores "<!DOCTYPE html>" as a name)
        if (contentType.toLowerCase().contains("html") || body.stripLeading().startsWith("<")) {
            violations.add("HTML: " + answer);
        } else if (!body.isBlank() && !contentType.startsWith("application/json")) {
            violations.add("not JSON: " + answer);
        }
        if (status == 200) {
            Matcher id = ID.matcher(body);
            if (id.find()) {
                accepted.add(uuid(id.group(1)));
            }
        }
        Matcher partly = ACCEPTED.matcher(body);
        if (partly.find()) {
            for (String quoted : partly.group(1).split(",")) {
                if (!quoted.isBlank()) {
                    accepted.add(uuid(quoted.strip().replace("\"", "")));
                }
            }
        }
    }

    private static UUID uuid(String text) {
        String hex = text.replace("-", "");
        return UUID.fromString(hex.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
    }

    private static String abbreviate(String text) {
        String oneLine = text.replace("\n", "\\n").replace("\r", "\\r");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
    }

    public List<String> violations() {
        return violations;
    }

    /** Every event id an answer said was accepted (200, or listed under "accepted" beside an error). */
    public Set<UUID> acceptedEventIds() {
        return accepted;
    }

    public int sent() {
        return sent;
    }
}
