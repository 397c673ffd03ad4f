package io.flytrap.functions.web;

import io.flytrap.core.database.SqlFailures;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.MultipartException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The last guard that keeps HTML out of the API. Three ways led there: an exception no handler took (a
 * PSQLException among them) went to the servlet error page, which the dashboard's sign-in guards, so API clients got
 * a redirect to the sign-in page and then its HTML with 200; {@code sendError} from Spring or the container went to
 * the same page; and a query parameter with %00 reached the database, which refuses U+0000 in text.
 * <p>
 * Here a query string with an encoded NUL is refused before anything reads it, {@code sendError} writes a JSON body
 * instead of dispatching to the error page, and an exception that escapes every handler becomes a JSON 500 (or a
 * 400 when it was PostgreSQL refusing a NUL, which is the client's text, not our fault; a 503 with Retry-After when
 * the database could not be reached, which the client should simply retry). The body has both keys,
 * "error" (the management API's) and "detail" (Sentry's, which sentry-cli prints), as the 404 for unknown API paths.
 */
class JsonApiErrorsFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(JsonApiErrorsFilter.class);

    /** As ingest's 503s: long enough for a restarted database (the embedded one is supervised) to be back. */
    static final String DATABASE_RETRY_AFTER_SECONDS = "30";
    static final String NUL_PROBLEM = "must not contain the NUL character (U+0000)";
    /** PostgreSQL's "invalid byte sequence" (a NUL in text) and "unsupported Unicode escape" (a NUL in jsonb). */
    private static final java.util.Set<String> NUL_SQL_STATES = java.util.Set.of("22021", "22P05");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.\\-\\[\\]]{1,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && query.toLowerCase(Locale.ROOT).contains("%00")) {
            writeJson(response, HttpServletResponse.SC_BAD_REQUEST, parameterWithNul(query) + " " + NUL_PROBLEM);
            return;
        }
        if (query != null && !QueryText.decodesAsUtf8(query)) {
            // Tomcat would refuse to decode it the moment a controller asked for a parameter: a 500
            writeJson(response, HttpServletResponse.SC_BAD_REQUEST, "the query string is not valid UTF-8");
            return;
        }
        JsonSendError json = new JsonSendError(response);
        try {
            chain.doFilter(request, json);
        } catch (IOException | ServletException | RuntimeException escaped) {
            if (response.isCommitted()) {
                throw escaped; // too late to answer anything else; the connection is cut
            }
            if (refusedNul(escaped)) {
                writeJson(response, HttpServletResponse.SC_BAD_REQUEST, "text " + NUL_PROBLEM);
            } else if (SqlFailures.databaseUnavailable(escaped)) {
                log.warn("Database unavailable answering {} {}: {}", request.getMethod(), request.getRequestURI(),
                        escaped.toString());
                response.setHeader("Retry-After", DATABASE_RETRY_AFTER_SECONDS);
                writeJson(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the database is unavailable, retry later");
            } else if (brokenMultipart(escaped)) {
                writeJson(response, HttpServletResponse.SC_BAD_REQUEST, "body is not a valid multipart/form-data upload");
            } else {
                log.error("Unhandled error answering {} {}", request.getMethod(), request.getRequestURI(), escaped);
                writeJson(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "internal error");
            }
        }
    }

    /** The first parameter holding %00, by name when the name is plain text; request text is never echoed raw. */
    private static String parameterWithNul(String query) {
        for (String pair : query.split("&")) {
            if (pair.toLowerCase(Locale.ROOT).contains("%00")) {
                String name = pair.split("=", 2)[0];
                return PLAIN_NAME.matcher(name).matches() ? "query parameter " + name : "a query parameter";
            }
        }
        return "a query parameter";
    }

    private static boolean refusedNul(Throwable error) {
        // an SQLException may have no state at all (the pool's own have none): Set.of(...).contains(null) throws,
        // and that NullPointerException escaped this filter to the error page, which redirected to the sign-in
        return SqlFailures.causes(error).anyMatch(cause -> cause instanceof SQLException sql && sql.getSQLState() != null
                && NUL_SQL_STATES.contains(sql.getSQLState()));
    }

    /** A multipart body that could not be parsed: the client's mistake, found only when a controller reads it. */
    private static boolean brokenMultipart(Throwable error) {
        return SqlFailures.causes(error).anyMatch(cause -> cause instanceof MultipartException
                || cause.getClass().getName().startsWith("org.apache.tomcat.util.http.fileupload."));
    }

    /** Messages are our own constants or plain names checked above, so they need no JSON escaping. */
    static void writeJson(HttpServletResponse response, int status, String message) throws IOException {
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"detail\":\"" + message + "\",\"error\":\"" + message + "\"}");
        response.flushBuffer();
    }

    /** sendError answers in JSON here rather than dispatching to the servlet error page. */
    private static final class JsonSendError extends HttpServletResponseWrapper {

        JsonSendError(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status, String ignoredMessage) throws IOException {
            sendError(status);
        }

        @Override
        public void sendError(int status) throws IOException {
            if (isCommitted()) {
                throw new IllegalStateException("cannot send an error after the response was committed");
            }
            HttpStatus known = HttpStatus.resolve(status);
            // The reason phrase, not the caller's message: that may carry request text and would need escaping
            writeJson((HttpServletResponse) getResponse(), status,
                    known != null ? known.getReasonPhrase().toLowerCase(Locale.ROOT) : "error " + status);
        }
    }
}
