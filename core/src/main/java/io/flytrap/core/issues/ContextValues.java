package io.flytrap.core.issues;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where browser, os and device live in a stored event's payload, as SQL: one definition, so the issue page's
 * facets and the issue list's filters always mean the same value. Fixed fragments, never built from input.
 */
final class ContextValues {

    static final Map<String, String> SQL;

    static {
        Map<String, String> sql = new LinkedHashMap<>();
        // client holds the SDK's own one-line names, or those the processor read from the User-Agent
        sql.put("browser", "payload->'client'->>'browser'");
        sql.put("os", "payload->'client'->>'os'");
        // mobile SDKs name the model; a User-Agent only tells the family
        sql.put("device", "coalesce(payload->'contexts'->'device'->>'model', payload->'contexts'->'device'->>'family')");
        SQL = java.util.Collections.unmodifiableMap(sql);
    }

    private ContextValues() {
    }
}
