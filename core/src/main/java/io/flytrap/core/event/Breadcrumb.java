package io.flytrap.core.event;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Something the application did before the error: a click, a request, a log line. */
public record Breadcrumb(Instant timestamp, String type, String category, String message, Level level,
                         Map<String, Object> data) {

    public Breadcrumb {
        // JSON values as plain maps, lists and scalars (no nulls), in the types the SDK sent
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }
}
