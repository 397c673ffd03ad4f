package io.flytrap.functions.ingest;

import io.flytrap.core.ingest.IngestResult;
import io.flytrap.core.ingest.IngestResult.Accepted;
import io.flytrap.core.ingest.IngestResult.Rejected;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What ingest's outcomes mean in HTTP, for both protocols: a status, headers and a JSON body. */
final class IngestResponses {

    static final String RETRY_AFTER_SECONDS = "30";
    static final String SENTRY_RATE_LIMITS = "X-Sentry-Rate-Limits";
    private static final Pattern SENTRY_KEY = Pattern.compile("sentry_key\\s*=\\s*([^,\\s]+)");

    private IngestResponses() {
    }

    record Answer(int status, Map<String, String> headers, Map<String, ?> body) {
    }

    /** The native endpoints: {"id": "<uuid>"}; a valid key of another project is 401 (the project is in the body). */
    static Answer nativeAnswer(IngestResult result) {
        return switch (result) {
            case Accepted accepted -> new Answer(200, Map.of(), Map.of("id", accepted.eventId().toString()));
            case Rejected rejected -> rejected(rejected, 401);
            case IngestResult.RateLimited limited -> rateLimited(limited);
            case IngestResult.FailureBudgetSpent spent -> budgetSpent(spent);
            case IngestResult.PartlyAccepted partly -> partlyAccepted(partly, nativeAnswer(partly.refusal()), false);
        };
    }

    /** Sentry's endpoints: {"id": "<32 hex digits>"}, or {} for an envelope without an event; another project's key is 403. */
    static Answer sentryAnswer(IngestResult result) {
        return switch (result) {
            case Accepted accepted -> new Answer(200, Map.of(), accepted.eventId() == null ? Map.of()
                    : Map.of("id", accepted.eventId().toString().replace("-", "")));
            case Rejected rejected -> rejected(rejected, 403);
            case IngestResult.RateLimited limited -> rateLimited(limited);
            case IngestResult.FailureBudgetSpent spent -> budgetSpent(spent);
            case IngestResult.PartlyAccepted partly -> partlyAccepted(partly, sentryAnswer(partly.refusal()), true);
        };
    }

    private static Answer rejected(Rejected rejected, int wrongProject) {
        int status = switch (rejected.reason()) {
            case UNAUTHORIZED -> 401;
            case WRONG_PROJECT -> wrongProject;
            case INVALID -> 400;
            case TOO_LARGE -> 413;
            case UNAVAILABLE -> 503;
        };
        return new Answer(status, status == 503 ? Map.of("Retry-After", RETRY_AFTER_SECONDS) : Map.of(),
                Map.of("error", rejected.message()));
    }

    /** 429 with Retry-After and Sentry's own header, which Sentry SDKs obey by pausing that category. */
    private static Answer rateLimited(IngestResult.RateLimited limited) {
        return new Answer(429, Map.of("Retry-After", Long.toString(limited.retryAfterSeconds()),
                SENTRY_RATE_LIMITS, limited.retryAfterSeconds() + "::" + limited.scope()),
                Map.of("error", "rate limit exceeded for this " + limited.scope() + "; retry after "
                        + limited.retryAfterSeconds() + " s"));
    }

    /**
     * Refused before the body was read: this client's recent requests were refused too often. The same headers
     * as a quota, so Sentry SDKs pause instead of retrying at once.
     */
    private static Answer budgetSpent(IngestResult.FailureBudgetSpent spent) {
        return new Answer(429, Map.of("Retry-After", Long.toString(spent.retryAfterSeconds()),
                SENTRY_RATE_LIMITS, spent.retryAfterSeconds() + "::" + spent.scope()),
                Map.of("error", "too many refused requests from this " + spent.scope() + "; retry after "
                        + spent.retryAfterSeconds() + " s"));
    }

    /** The refusal's status and headers; its body adds the ids of the events accepted before it, in order. */
    private static Answer partlyAccepted(IngestResult.PartlyAccepted partly, Answer refusal, boolean sentryIds) {
        Map<String, Object> body = new LinkedHashMap<>(refusal.body());
        body.put("accepted", partly.accepted().stream()
                .map(id -> sentryIds ? id.toString().replace("-", "") : id.toString()).toList());
        return new Answer(refusal.status(), refusal.headers(), body);
    }

    /** The public key from X-Sentry-Auth (server SDKs) or ?sentry_key= (browser SDKs); null if neither. */
    static String sentryKey(String authHeader, String queryKey) {
        if (authHeader != null) {
            Matcher matcher = SENTRY_KEY.matcher(authHeader);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        return queryKey;
    }
}
