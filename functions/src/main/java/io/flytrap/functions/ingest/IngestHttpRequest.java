package io.flytrap.functions.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.UnaryOperator;

/**
 * One ingest request as either transport hands it over, servlet or API Gateway, with neither's types.
 *
 * @param path           the path without the servlet context, a stage or DSN prefix included
 * @param header         a header's value by its lower-case name, or null
 * @param queryParameter a query parameter's value by name, or null
 * @param declaredLength the body's length when known before reading it (Content-Length), else null
 * @param clientAddress  the address the request came from, as the transport sees it
 */
record IngestHttpRequest(String method, String path, UnaryOperator<String> header, UnaryOperator<String> queryParameter,
                         Long declaredLength, Body body, String clientAddress) {

    /** Opened only once the route and method are known, so a body no endpoint wants is never decoded. */
    @FunctionalInterface
    interface Body {
        /** @throws IOException when the transport cannot give the body at all (say, broken Base64): a 400 */
        InputStream open() throws IOException;
    }
}
