package io.flytrap.core.alerts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Runs the dispatcher in the background, in the dashboard (one or many replicas: the outbox's row locks keep them
 * from sending an alert twice). Polls every {@code flytrap.alerts.poll-interval}; sends in a loop while work is due.
 */
@Component
@ConditionalOnProperty(name = "flytrap.alerts.dispatcher.enabled", havingValue = "true")
class AlertDispatchLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AlertDispatchLoop.class);

    private final NotificationDispatcher dispatcher;
    private final Duration pollInterval;
    private volatile Thread thread;

    AlertDispatchLoop(NotificationDispatcher dispatcher, AlertsProperties properties) {
        this.dispatcher = dispatcher;
        this.pollInterval = properties.pollInterval();
    }

    @Override
    public void start() {
        thread = Thread.ofVirtual().name("alert-dispatcher").start(this::run);
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                while (dispatcher.dispatchOnce() > 0 && !Thread.currentThread().isInterrupted()) {
                    // keep sending while alerts are due
                }
                Thread.sleep(pollInterval);
            } catch (InterruptedException stop) {
                return;
            } catch (RuntimeException e) {
                log.warn("Alert dispatch failed; retrying in {}", pollInterval, e);
                try {
                    Thread.sleep(pollInterval);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    @Override
    public void stop() {
        Thread running = thread;
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
