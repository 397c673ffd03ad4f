package io.flytrap.core.alerts;

import io.flytrap.core.metrics.FlytrapMetrics;
import io.flytrap.core.metrics.FlytrapMetrics.Delivery;
import io.flytrap.core.alerts.AlertSender.Destination;
import io.flytrap.core.alerts.AlertSender.PermanentFailure;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Drains the notification outbox. Due rows are claimed with {@code FOR UPDATE SKIP LOCKED} and stay locked while
 * they are sent, so any number of dashboard replicas send each alert once. A send gets a short Resilience4j retry
 * (network blips) inside a circuit breaker per channel (a receiver that is down is not hammered: its alerts wait
 * without using up attempts); what still fails is tried again later with a doubling delay, and after
 * {@code flytrap.alerts.max-attempts} it is parked as failed, with its last error, until someone retries it.
 */
@Component
public class NotificationDispatcher {

    private static final Logger log = LoggerFactory.getLogger(NotificationDispatcher.class);
    static final int BATCH = 20;
    static final int MAX_ERROR_LENGTH = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Map<ChannelKind, AlertSender> senders = new EnumMap<>(ChannelKind.class);
    private final AlertMessages messages;
    private final int maxAttempts;
    private final Duration backoff;
    private final Retry retry;
    private final CircuitBreakerRegistry breakers;
    private final Duration breakerWait;
    private final Clock clock;
    private final FlytrapMetrics metrics;

    public NotificationDispatcher(JdbcClient jdbc, TransactionTemplate transaction, List<AlertSender> senders,
                                  AlertMessages messages, AlertsProperties properties, Clock clock,
                                  FlytrapMetrics metrics) {
        this.jdbc = jdbc;
        this.metrics = metrics;
        this.transaction = transaction;
        senders.forEach(sender -> this.senders.put(sender.kind(), sender));
        this.messages = messages;
        this.maxAttempts = properties.maxAttempts();
        this.backoff = properties.retryBackoff();
        this.breakerWait = properties.circuitOpenWait();
        this.clock = clock;
        Duration sendRetryWait = properties.sendRetryWait();
        this.retry = Retry.of("alerts", RetryConfig.custom().maxAttempts(3)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(sendRetryWait, 2))
                .retryOnException(e -> !(e instanceof PermanentFailure) && !(e instanceof CallNotPermittedException))
                .build());
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(5)
                .minimumNumberOfCalls(5).failureRateThreshold(100).waitDurationInOpenState(breakerWait)
                .ignoreExceptions(PermanentFailure.class).build());
    }

    private record Due(long id, long channelId, ChannelKind kind, String url, String secret, String recipient,
                       int attempts, long projectId, Long issueId, String reason) {
    }

    /**
     * Sends what is due, up to one batch; the number of notifications handled (sent, deferred or failed). Each
     * notification is claimed, sent and recorded in its own short transaction, so a row lock is held for one send
     * only, and a stop loses at most the send in flight (which then goes out again: receivers drop repeats by
     * X-Flytrap-Delivery).
     */
    public int dispatchOnce() {
        int handled = 0;
        while (handled < BATCH && !Thread.currentThread().isInterrupted()) {
            Boolean one = transaction.execute(status -> {
                List<Due> due = jdbc.sql("""
                                select n.id, n.channel_id, c.kind, c.url, c.secret, n.recipient, n.attempts, n.project_id,
                                       n.issue_id, n.reason
                                from notifications n join alert_channels c on c.id = n.channel_id
                                where n.state = 'pending' and n.next_attempt_at <= now() and c.enabled
                                order by n.next_attempt_at, n.id limit 1
                                for update of n skip locked""")
                        .query((rs, i) -> new Due(rs.getLong("id"), rs.getLong("channel_id"), ChannelKind.fromWire(rs.getString("kind")),
                                rs.getString("url"), rs.getString("secret"), rs.getString("recipient"), rs.getInt("attempts"),
                                rs.getLong("project_id"), rs.getObject("issue_id", Long.class), rs.getString("reason")))
                        .list();
                due.forEach(this::deliver);
                return !due.isEmpty();
            });
            if (!Boolean.TRUE.equals(one)) {
                break;
            }
            handled++;
        }
        return handled;
    }

    private void deliver(Due due) {
        CircuitBreaker breaker = breakers.circuitBreaker("channel-" + due.channelId());
        try {
            AlertMessage message = messages.forNotification(due.projectId(), due.issueId(), due.reason());
            AlertSender sender = senders.get(due.kind());
            Destination destination = new Destination(due.id(), due.url(), due.secret(), due.recipient());
            Retry.decorateCheckedRunnable(retry, CircuitBreaker.decorateCheckedRunnable(breaker,
                    () -> sender.send(destination, message))).run();
            jdbc.sql("update notifications set state = 'sent', sent_at = now(), attempts = attempts + 1, last_error = null where id = ?")
                    .param(due.id()).update();
            metrics.notification(due.kind().wireName(), Delivery.SENT);
        } catch (CallNotPermittedException open) {
            // the receiver has been failing: wait for the breaker without spending an attempt
            jdbc.sql("update notifications set next_attempt_at = ? where id = ?")
                    .params(Timestamp.from(clock.instant().plus(breakerWait)), due.id()).update();
        } catch (PermanentFailure permanent) {
            fail(due, permanent.getMessage(), true);
        } catch (InterruptedException stopping) {
            // shutting down: leave the notification as it was (the transaction still records nothing) and stop
            Thread.currentThread().interrupt();
        } catch (Throwable failure) {
            fail(due, failure.getClass().getSimpleName() + ": " + failure.getMessage(), false);
        }
    }

    private void fail(Due due, String error, boolean permanent) {
        int attempts = due.attempts() + 1;
        String lastError = error == null ? "unknown error" : error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
        if (permanent || attempts >= maxAttempts) {
            log.warn("Alert notification {} ({}) failed for good after {} attempts: {}", due.id(), due.kind().wireName(), attempts, lastError);
            jdbc.sql("update notifications set state = 'failed', attempts = ?, last_error = ? where id = ?")
                    .params(attempts, lastError, due.id()).update();
            metrics.notification(due.kind().wireName(), Delivery.PARKED);
            return;
        }
        Duration wait = backoff.multipliedBy(1L << Math.min(attempts - 1, 7));
        jdbc.sql("update notifications set attempts = ?, last_error = ?, next_attempt_at = ? where id = ?")
                .params(attempts, lastError, Timestamp.from(clock.instant().plus(wait)), due.id()).update();
        metrics.notification(due.kind().wireName(), Delivery.FAILED);
    }
}
