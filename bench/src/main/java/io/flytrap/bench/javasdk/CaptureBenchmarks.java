package io.flytrap.bench.javasdk;

import io.flytrap.sdk.Flytrap;
import io.flytrap.sdk.FlytrapEvent;
import io.flytrap.sdk.Transport;
import io.sentry.NoOpTransportFactory;
import io.sentry.Sentry;
import io.sentry.SentryEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What {@code captureException} costs the calling thread for a fresh exception of about 20 frames: Flytrap beside
 * the official Sentry SDK with its transport disabled, and the baseline of only making the exception. Each
 * operation is one batch of {@link #BATCH} captures (JMH single-shot mode), and each SDK is flushed between
 * batches, untimed, so every capture in a timed batch is queued and becomes an event: a full queue would turn
 * captures away early and make an SDK look cheaper than it is. Both SDKs count the events they built in beforeSend.
 */
public class CaptureBenchmarks {

    static final int BATCH = 500;
    static final int FRAMES = 20;

    /** One fork's counts, appended to the file named by -Dbench.counts for the report. */
    static void record(String line) {
        String file = System.getProperty("bench.counts");
        if (file == null) {
            return;
        }
        try {
            Files.writeString(Path.of(file), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static int callerDepth() {
        return new Throwable().getStackTrace().length - 1;
    }

    @State(Scope.Thread)
    public static class Errors {
        FreshErrors errors;

        @Setup(Level.Trial)
        public void setUp() {
            // made from the benchmark method's depth: the JMH stub calls it directly, as it calls setUp
            errors = new FreshErrors(FreshErrors.depthFor(FRAMES, callerDepth()));
        }
    }

    @State(Scope.Benchmark)
    public static class FlytrapSdk {
        final AtomicLong built = new AtomicLong();
        final AtomicInteger frames = new AtomicInteger();

        @Setup(Level.Trial)
        public void start() {
            boolean started = Flytrap.init(options -> {
                options.setDsn("http://key@127.0.0.1:1/1");
                options.setMaxQueueSize(2 * BATCH);
                options.setInAppPackages(List.of("io.flytrap.bench"));
                // sends nothing, as Sentry's no-op transport: the event is still built and serialised in the background
                options.setTransport((endpoint, key, json) -> new Transport.Response(200, null));
                options.setBeforeSend(this::count);
            });
            if (!started) {
                throw new IllegalStateException("Flytrap did not start");
            }
        }

        @SuppressWarnings("unchecked")
        private FlytrapEvent count(FlytrapEvent event, Throwable original) {
            built.incrementAndGet();
            Map<String, Object> stacktrace = (Map<String, Object>) event.exceptions().get(0).get("stacktrace");
            frames.set(((List<?>) stacktrace.get("frames")).size());
            return event;
        }

        @Setup(Level.Iteration)
        public void drain() {
            Flytrap.flush(Duration.ofSeconds(30)); // untimed: the next batch starts with an empty queue
        }

        @TearDown(Level.Trial)
        public void stop() {
            Flytrap.flush(Duration.ofSeconds(30));
            record("flytrap built=" + built.get() + " dropped=" + Flytrap.stats().droppedQueueFull() + " frames=" + frames.get());
            Flytrap.close(Duration.ofSeconds(5));
        }
    }

    @State(Scope.Benchmark)
    public static class SentrySdk {
        final AtomicLong built = new AtomicLong();
        final AtomicInteger frames = new AtomicInteger();

        @Setup(Level.Trial)
        public void start() {
            Sentry.init(options -> {
                options.setDsn("http://key@127.0.0.1:1/1");
                options.addInAppInclude("io.flytrap.bench");
                options.setTransportFactory(NoOpTransportFactory.getInstance());
                options.setBeforeSend((event, hint) -> count(event));
            });
            if (!Sentry.isEnabled()) {
                throw new IllegalStateException("Sentry did not start");
            }
        }

        private SentryEvent count(SentryEvent event) {
            built.incrementAndGet();
            var exceptions = event.getExceptions();
            if (exceptions != null && !exceptions.isEmpty() && exceptions.get(0).getStacktrace() != null) {
                frames.set(exceptions.get(0).getStacktrace().getFrames().size());
            }
            return event;
        }

        @Setup(Level.Iteration)
        public void drain() {
            Sentry.flush(30_000);
        }

        @TearDown(Level.Trial)
        public void stop() {
            record("sentry built=" + built.get() + " frames=" + frames.get());
            Sentry.close();
        }
    }

    @Benchmark
    public Object baseline(Errors errors) {
        Object last = null;
        for (int i = 0; i < BATCH; i++) {
            last = errors.errors.next();
        }
        return last;
    }

    @Benchmark
    public Object flytrap(Errors errors, FlytrapSdk sdk) {
        Object last = null;
        for (int i = 0; i < BATCH; i++) {
            last = Flytrap.captureException(errors.errors.next());
        }
        return last;
    }

    @Benchmark
    public Object sentry(Errors errors, SentrySdk sdk) {
        Object last = null;
        for (int i = 0; i < BATCH; i++) {
            last = Sentry.captureException(errors.errors.next());
        }
        return last;
    }
}
