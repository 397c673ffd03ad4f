package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import io.flytrap.core.event.RequestInfo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HTTP request the application was serving: method and URL, query, headers, cookies and body, after
 * server-side scrubbing (cookie values are masked, and removed addresses are gone). All of it set as text.
 */
class RequestDetails extends Composite<Div> {

    RequestDetails(RequestInfo request) {
        Div content = getContent();
        content.setId("event-request");
        Span line = new Span(EventText.join(request.method(), request.url()));
        line.setId("request-line");
        line.getStyle().set("font-family", "monospace").set("overflow-wrap", "anywhere");
        content.add(new H3("Request"), line);
        Map<String, String> query = query(request.queryString());
        if (!query.isEmpty()) {
            content.add(section("Query", "request-query", KeyValueTable.of(query)));
        }
        if (!request.headers().isEmpty()) {
            content.add(section("Headers", "request-headers", KeyValueTable.of(request.headers())));
        }
        if (!request.cookies().isEmpty()) {
            content.add(section("Cookies", "request-cookies", KeyValueTable.of(request.cookies())));
        }
        if (request.data() != null) {
            Pre body = new Pre(KeyValueTable.text(request.data()));
            body.getStyle().set("white-space", "pre-wrap").set("overflow-wrap", "anywhere").set("max-height", "24em")
                    .set("overflow", "auto");
            content.add(section("Body", "request-body", body));
        }
    }

    private static Div section(String title, String id, Component body) {
        Div section = new Div(new H4(title), body);
        section.setId(id);
        return section;
    }

    /** "a=1&b=x%20y" as its pairs, decoded; a pair that does not decode is shown as sent. */
    private static Map<String, String> query(String queryString) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (queryString == null || queryString.isBlank()) {
            return pairs;
        }
        for (String pair : queryString.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            pairs.merge(decode(name), decode(value), (first, second) -> first + ", " + second);
        }
        return pairs;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
