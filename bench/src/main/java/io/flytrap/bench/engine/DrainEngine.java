package io.flytrap.bench.engine;

import io.flytrap.functions.process.QueueWorker;
import io.flytrap.functions.process.WorkerProperties;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Flytrap's processing engine on an embedded PostgreSQL with its background workers off, so a benchmark first
 * fills the queue and then times {@link #drainAll()}: the real queue workers, as many as a default Flytrap runs,
 * with the same batch size, until the queue is empty.
 */
final class DrainEngine implements AutoCloseable {

    final ConfigurableApplicationContext context;

    DrainEngine(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** @param moreArguments further Spring Boot arguments, e.g. log levels */
    static DrainEngine start(String... moreArguments) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--flytrap.worker.enabled=false", "--spring.flyway.enabled=true",
                "--flytrap.retention.enabled=false", "--logging.level.root=WARN",
                "--flytrap.data-dir=" + Files.createTempDirectory("flytrap-drain-bench")));
        arguments.addAll(List.of(moreArguments));
        return new DrainEngine(new SpringApplicationBuilder(EngineBenchApplication.class).web(WebApplicationType.NONE)
                .run(arguments.toArray(String[]::new)));
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Drains the queue with the workers; returns how many events they claimed. */
    int drainAll() {
        QueueWorker worker = bean(QueueWorker.class);
        AtomicInteger drained = new AtomicInteger();
        try (ExecutorService workers = Executors.newFixedThreadPool(bean(WorkerProperties.class).threads())) {
            for (int t = 0; t < bean(WorkerProperties.class).threads(); t++) {
                workers.submit(() -> {
                    int claimed;
                    // an event handed back waits for its retry backoff (10 s): a drain longer than that meets it again
                    while ((claimed = worker.drainOnce()) > 0) {
                        drained.addAndGet(claimed);
                    }
                });
            }
        }
        return drained.get();
    }

    @Override
    public void close() {
        context.close();
    }
}
