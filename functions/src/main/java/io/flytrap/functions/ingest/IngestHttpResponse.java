package io.flytrap.functions.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What ingest answers, for either transport to write out unchanged: status, headers (CORS included) and body. */
record IngestHttpResponse(int status, Map<String, String> headers, byte[] body) {

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
