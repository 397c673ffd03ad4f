package io.flytrap.core.event;

import java.time.Instant;
import java.util.Map;

/** Something the application did before the error: a click, a request, a log line. */
public record Breadcrumb(Instant timestamp, String type, String category, String message, Level level,
                         Map<String, String> data) {

    public Breadcrumb {
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
