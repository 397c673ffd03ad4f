package io.flytrap.sdk;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** With the server away, an app throwing 100,000 errors keeps at most a queue's worth of events in memory. */
class BoundedMemoryTests {

    @AfterEach
    void stop() {
        Flytrap.close(Duration.ofMillis(100));
    }

    @Test
    void shouldKeepTheQueueWithinItsCapacityAndCountTheDropsWhenTheServerIsDown() throws Exception {
        int capacity = 100;
        DeliveryTests.init("http://key@127.0.0.1:" + DeliveryTests.closedPort() + "/1", options -> {
            options.setMaxQueueSize(capacity);
            options.setRetryBackoff(Duration.ofSeconds(10)); // the sender stays stuck on its first event
        });
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);

        int accepted = 0;
        int maxQueued = 0;
        for (int i = 0; i < 100_000; i++) {
            Flytrap.addBreadcrumb("step " + i);
            if (Flytrap.captureException(new IllegalStateException("error " + i + " with a message of some length")) != null) {
                accepted++;
            }
            if (i % 1000 == 0) {
                maxQueued = Math.max(maxQueued, Flytrap.stats().queued());
            }
        }
        long after = usedAfterGc(memory);
        FlytrapStats stats = Flytrap.stats();

        assertThat(accepted).as("the queue plus the one event being sent").isLessThanOrEqualTo(capacity + 1);
        assertThat(stats.queued()).isLessThanOrEqualTo(capacity + 1);
        assertThat(maxQueued).isLessThanOrEqualTo(capacity + 1);
        assertThat(stats.droppedQueueFull()).isEqualTo(100_000 - accepted);
        long growth = after - before;
        System.out.printf("heap growth after 100,000 captures with the server down: %.1f MB, accepted %d, dropped %d%n",
                growth / 1e6, accepted, stats.droppedQueueFull());
        // 101 queued events with ~100-frame stacks and 100 breadcrumbs are a few MB at most; 100,000 would be ~1 GB
        assertThat(growth).isLessThan(24L * 1024 * 1024);
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50); // kept: a pause for the collector to settle between samples; there is no event to await
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
