package io.flytrap.bench;

import io.flytrap.core.event.Event;
import io.flytrap.core.grouping.Fingerprinter;
import io.flytrap.core.protocol.SentryEventParser;
import io.flytrap.core.scrubbing.Scrubber;
import io.flytrap.core.scrubbing.ScrubbingSettings;
import io.flytrap.core.useragent.UserAgentContexts;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import ua_parser.Parser;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.IntConsumer;

/**
 * What reading browser, os and device from a User-Agent costs the processor (issue #18): start-up time and heap of
 * uap-java (chosen) and Yauaa (not chosen), and the time per header, uncached and through Flytrap's cache, as a
 * ratio to the baseline of the same run: parsing, scrubbing and grouping the same Sentry browser event, the
 * processing every event already gets before it is stored. Start-up is measured first, in this fresh JVM, because
 * that is what a Lambda cold start pays.
 */
public final class UserAgentParsingBenchmark {

    /** Headers real browsers, a crawler and a command-line client send (one each, as published by their makers). */
    static final List<String> USER_AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.130 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
            "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51",
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.85 Safari/537.36",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "curl/8.5.0");

    private UserAgentParsingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;

        // ---- start-up: first construction in this JVM (class loading, pattern loading), then retained heap
        long heapBefore = usedHeap();
        long start = System.nanoTime();
        Parser uap = new Parser(); // what UserAgentContexts loads on its own thread, and calls on a cache miss
        double uapInitMs = (System.nanoTime() - start) / 1e6;
        long uapHeap = usedHeap() - heapBefore;

        heapBefore = usedHeap();
        start = System.nanoTime();
        UserAgentAnalyzer yauaa = UserAgentAnalyzer.newBuilder().hideMatcherLoadStats().withoutCache().build();
        double yauaaInitMs = (System.nanoTime() - start) / 1e6;
        long yauaaHeap = usedHeap() - heapBefore;

        UserAgentContexts flytrap = new UserAgentContexts();

        // ---- per-call cost
        SentryEventParser sentry = new SentryEventParser();
        List<byte[]> payloads = USER_AGENTS.stream().map(UserAgentParsingBenchmark::browserEvent).toList();
        List<Event> parsed = payloads.stream().map(p -> parse(sentry, p)).toList();
        int n = USER_AGENTS.size();
        long[] sink = new long[1];

        IntConsumer baseline = i -> {
            Event event = Scrubber.scrub(parse(sentry, payloads.get(i % n)), ScrubbingSettings.DEFAULT);
            sink[0] += Fingerprinter.group(event).fingerprint().length();
        };
        IntConsumer uapUncached = i -> sink[0] += uap.parse(USER_AGENTS.get(i % n)).userAgent.family.length();
        IntConsumer flytrapCached = i -> sink[0] += flytrap.addMissingContexts(parsed.get(i % n)).contexts().size();
        IntConsumer yauaaUncached = i -> sink[0] += yauaa.parse(USER_AGENTS.get(i % n))
                .getValue(UserAgent.AGENT_NAME).length();

        int calls = 2_000;
        for (int warm = 0; warm < 5; warm++) {
            time(baseline, calls);
            time(uapUncached, calls);
            time(flytrapCached, calls);
            time(yauaaUncached, calls / 10);
        }
        double[] base = new double[rounds];
        double[] uapCost = new double[rounds];
        double[] cached = new double[rounds];
        double[] yauaaCost = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            base[round] = time(baseline, calls);
            uapCost[round] = time(uapUncached, calls);
            cached[round] = time(flytrapCached, calls);
            yauaaCost[round] = time(yauaaUncached, calls / 10);
        }
        double b = median(base);
        System.out.printf(Locale.ROOT, """
                        User-Agent parsing, %d distinct real headers, medians of %d rounds (%s, %d cores)

                        | | start-up ms (first, in a fresh JVM) | heap retained MB | µs per header | / baseline |
                        |---|---|---|---|---|
                        | baseline: parse + scrub + group the Sentry browser event | | | %.2f | 1.00 |
                        | uap-java, uncached (a cache miss in Flytrap) | %.0f | %.1f | %.2f | %.2f |
                        | Flytrap's UserAgentContexts, cached (the usual case) | | | %.3f | %.3f |
                        | Yauaa 7.31.0, uncached | %.0f | %.1f | %.2f | %.2f |
                        %n(sink %d)%n""",
                n, rounds, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                b, uapInitMs, uapHeap / 1e6, median(uapCost), median(uapCost) / b, median(cached), median(cached) / b,
                yauaaInitMs, yauaaHeap / 1e6, median(yauaaCost), median(yauaaCost) / b, sink[0] % 10);
    }

    /** A Sentry event as @sentry/browser sends it: an exception with a short stack, breadcrumbs and the header. */
    static byte[] browserEvent(String userAgent) {
        return """
                {"event_id":"%s","platform":"javascript","level":"error","release":"storefront@2.0.0",
                 "exception":{"values":[{"type":"TypeError","value":"Cannot read properties of undefined (reading 'items')",
                   "mechanism":{"type":"onerror","handled":false},
                   "stacktrace":{"frames":[{"filename":"https://shop.example/static/vendor.js","function":"dispatch","lineno":2,"colno":9123,"in_app":true},
                     {"filename":"https://shop.example/static/main.js","function":"onBuy","lineno":1,"colno":1043,"in_app":true},
                     {"filename":"https://shop.example/static/main.js","function":"checkout","lineno":1,"colno":877,"in_app":true}]}}]},
                 "breadcrumbs":{"values":[{"timestamp":1764930000.1,"category":"ui.click","message":"body > button#buy"}]},
                 "request":{"url":"https://shop.example/cart","headers":{"User-Agent":"%s","Referer":"https://shop.example/"}},
                 "sdk":{"name":"sentry.javascript.browser","version":"11.12.0"}}"""
                .formatted(UUID.randomUUID().toString().replace("-", ""), userAgent).getBytes(StandardCharsets.UTF_8);
    }

    private static Event parse(SentryEventParser parser, byte[] payload) {
        try {
            return parser.parse(payload, 1, UUID.randomUUID(), Instant.now());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** µs per call. */
    private static double time(IntConsumer call, int calls) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            call.accept(i);
        }
        return (System.nanoTime() - start) / 1e3 / calls;
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
