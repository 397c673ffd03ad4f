package io.flytrap.functions.original;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One request an original Flytrap SDK really sent, recorded by {@code functions/src/test/original-sdks/capture.sh}
 * while the SDK's own code ran (Node for flytrap_express, Chromium for flytrap_javascript and for flytrap_react in a
 * React 18 app, Debian's Python with Flask for flytrap_flask) at the commits listed in {@code original-sdks/COMMITS}.
 * The tests cannot fetch and run the SDKs (their sources are not here, PyPI is unreachable), so their recorded
 * requests, replayed byte for byte apart from the project id, are the closest honest stand-in.
 *
 * @param name     the recording's file name, e.g. {@code 05-flytrap_javascript.json}
 * @param endpoint {@code /api/errors} or {@code /api/rejections}
 */
public record CapturedPost(String name, String endpoint, JsonNode body) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> NAMES = List.of("01-flytrap_express.json", "02-flytrap_express.json",
            "03-flytrap_express.json", "04-flytrap_javascript.json", "05-flytrap_javascript.json",
            "06-flytrap_flask.json", "07-flytrap_flask.json", "08-flytrap_flask.json", "09-flytrap_react.json",
            "10-flytrap_react.json", "11-flytrap_react.json", "12-flytrap_react.json");

    static List<CapturedPost> all() {
        List<CapturedPost> posts = new ArrayList<>();
        for (String name : NAMES) {
            posts.add(named(name));
        }
        return posts;
    }

    public static CapturedPost named(String name) {
        try (InputStream in = CapturedPost.class.getResourceAsStream("/original-sdks/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + name);
            }
            JsonNode recorded = JSON.readTree(in);
            return new CapturedPost(name, recorded.get("endpoint").stringValue(), recorded.get("body"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String sdk() {
        return name.substring(name.indexOf('-') + 1, name.lastIndexOf('.'));
    }

    /** The body as sent, with the SDK's {@code projectId} setting pointed at the given project. */
    public String bodyFor(long projectId) {
        ObjectNode copy = (ObjectNode) body.deepCopy();
        ((ObjectNode) copy.get("data")).put("project_id", Long.toString(projectId));
        return JSON.writeValueAsString(copy);
    }

    @Override
    public String toString() {
        return name;
    }
}
