package io.flytrap.bench.drills;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Clients that post native events at a steady pace and behave as a careful SDK does: an event that was not answered
 * 200 (a 503, a 429, a reset or refused connection, no answer within 10 s) is sent again with the same
 * {@code Idempotency-Key} until it is, or until the load stops. Every event carries its own sequence number in its
 * message, so the store can be checked for events counted twice. It remembers every event answered 200 and every
 * answer's status and time, so a drill can say what a client saw during a fault.
 */
final class DrillLoad implements AutoCloseable {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-fA-F-]{36})\"");

    /** One answer (or failure, status -1) as a client saw it. */
    record Answer(long sentAtNanos, long millis, int status) {
    }

    private final FlytrapProcess flytrap;
    private final long projectId;
    private final String key;
    private final String run;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sequence = new AtomicInteger();
    private final Map<Integer, String> accepted = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final List<Thread> clients = new ArrayList<>();

    DrillLoad(FlytrapProcess flytrap, long projectId, String key, String run, int clients, int eventsPerSecondEach) {
        this.flytrap = flytrap;
        this.projectId = projectId;
        this.key = key;
        this.run = run;
        long pauseMillis = 1000L / eventsPerSecondEach;
        for (int i = 0; i < clients; i++) {
            this.clients.add(Thread.ofVirtual().name("drill-client-" + i).start(() -> sendUntilStopped(pauseMillis)));
        }
    }

    private void sendUntilStopped(long pauseMillis) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (running.get()) {
            int seq = sequence.incrementAndGet();
            while (running.get() && !accepted.containsKey(seq)) {
                if (!send(http, seq)) {
                    sleep(250); // a client's backoff; the drills are about what the server does, not the client's wait
                }
            }
            sleep(pauseMillis);
        }
    }

    private boolean send(HttpClient http, int seq) {
        String body = """
                {"data":{"error":{"name":"DrillError","message":"drill %s event %d seq-%d-end",
                  "stack":"DrillError: drill\\n    at checkout (https://shop.example/app.js:1:%d)"},
                  "handled":false,"project_id":"%d","release":"drill@1","environment":"drill"}}"""
                .formatted(run, seq, seq, seq % 7 + 1, projectId);
        HttpRequest request = HttpRequest.newBuilder(URI.create(flytrap.url("/api/errors")))
                .timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json").header("x-api-key", key)
                .header("Idempotency-Key", run + "-" + seq)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long sent = System.nanoTime();
        int status = -1;
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            status = answer.statusCode();
            if (status == 200) {
                Matcher id = ID.matcher(answer.body());
                accepted.put(seq, id.find() ? id.group(1) : "?");
            }
        } catch (IOException e) {
            // reset, refused, timed out: not delivered, so sent again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        } finally {
            answers.add(new Answer(sent, (System.nanoTime() - sent) / 1_000_000, status));
        }
        return status == 200;
    }

    /** Sequence number → event id of every event answered 200. */
    Map<Integer, String> accepted() {
        return Map.copyOf(accepted);
    }

    /** The requests that were waiting for an answer at some time in the window, including those sent before it. */
    List<Answer> answersDuring(long fromNanos, long toNanos) {
        return answers.stream().filter(a -> a.sentAtNanos() < toNanos
                && a.sentAtNanos() + a.millis() * 1_000_000 >= fromNanos).toList();
    }

    /** Stops sending; an event still unanswered then was never accepted, so it cannot be lost. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread client : clients) {
            client.join(Duration.ofSeconds(15));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
