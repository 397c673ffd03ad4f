package io.flytrap.functions.queue;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.queue.DeadLetter;
import io.flytrap.core.queue.DeadLetters;
import io.flytrap.core.queue.QueueFailures;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.json.JsonMapper;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The SQS queue's dead letters behind the same {@link DeadLetters} port as the PostgreSQL queue's (for the API and the
 * admin page): the messages waiting in the dead-letter
 * queue named by the queue's redrive policy, with the failure history the processor wrote down
 * ({@link QueueFailures}). SQS has no way to read a queue without receiving from it, so listing holds the messages
 * for a moment ({@link HeldMessages}) and releases them at once. Replaying one message sends its body to the queue and
 * then deletes it from the dead-letter queue: a retry after a failure in between sends a second copy, which the
 * processor stores nothing of (it stores one event per project and event id). "Replay all" hands the work to SQS
 * (StartMessageMoveTask), which moves the messages in the background. Administrators only, like the PostgreSQL side.
 */
public class SqsDeadLetters implements DeadLetters {

    /** Most messages one list or replay looks through: SQS cannot seek, so a page is cut from what was received. */
    public static final int MOST_SEEN = REPLAY_ALL_LIMIT;
    private static final String REFUSAL = "only administrators may see and repair dead letters";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Queues(String url, String arn, String deadUrl, String deadArn) {
    }

    private final SqsAsyncClient sqs;
    private final Supplier<String> queueUrl;
    private final QueueFailures failures;
    private volatile Queues queues;

    SqsDeadLetters(SqsAsyncClient sqs, Supplier<String> queueUrl, QueueFailures failures) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.failures = failures;
    }

    /** Newest failure first, cut from the first {@value #MOST_SEEN} messages of the dead-letter queue. */
    @Override
    public Page list(Caller caller, int offset, int limit) {
        caller.requireAdministrator(REFUSAL);
        if (offset < 0 || limit < 1 || limit > MAX_PAGE_SIZE || offset + limit > MOST_SEEN) {
            throw new IllegalArgumentException("offset must be >= 0, limit 1 to " + MAX_PAGE_SIZE
                    + ", and offset + limit at most " + MOST_SEEN + " on SQS");
        }
        long total = count();
        List<DeadLetter> letters;
        try (HeldMessages held = hold(wanted -> false)) {
            letters = describe(held.messages());
        }
        List<DeadLetter> page = letters.stream()
                .sorted(Comparator.comparing(DeadLetter::lastFailure, Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(DeadLetter::id))
                .skip(offset).limit(limit).toList();
        return new Page(page, offset, limit, Math.max(total, letters.size()));
    }

    /**
     * Sends these dead letters back to the queue. All or nothing: when one id is not in the dead-letter queue (unknown,
     * deleted, replayed already, or held by someone listing at this moment), nothing is sent and
     * {@link NotFoundException} names it.
     */
    @Override
    public Replayed replay(Caller caller, List<String> ids) {
        caller.requireAdministrator(REFUSAL);
        Set<String> wanted = ids(ids);
        Queues queues = queues();
        try (HeldMessages held = hold(seen -> seen.keySet().containsAll(wanted))) {
            Map<String, Message> found = held.find(wanted);
            for (Message message : found.values()) {
                sqs.sendMessage(send -> send.queueUrl(queues.url()).messageBody(message.body())).join();
                held.delete(message);
            }
        }
        return new Replayed(wanted.size(), count());
    }

    /**
     * Asks SQS to move every dead letter back to the queue (StartMessageMoveTask); the move runs in the background.
     * {@code replayed} is how many were waiting when it started.
     */
    @Override
    public Replayed replayAll(Caller caller) {
        caller.requireAdministrator(REFUSAL);
        Queues queues = queues();
        long waiting = count();
        if (waiting > 0) {
            sqs.startMessageMoveTask(move -> move.sourceArn(queues.deadArn()).destinationArn(queues.arn())).join();
        }
        return new Replayed((int) Math.min(waiting, Integer.MAX_VALUE), count());
    }

    @Override
    public void delete(Caller caller, String id) {
        caller.requireAdministrator(REFUSAL);
        Set<String> wanted = ids(List.of(id));
        try (HeldMessages held = hold(seen -> seen.containsKey(id))) {
            Message message = held.find(wanted).get(id);
            held.delete(message);
            key(message).ifPresent(key -> failures.forget(List.of(key)));
        }
    }

    @Override
    public int mostListed() {
        return MOST_SEEN;
    }

    private static Set<String> ids(List<String> ids) {
        if (ids == null || ids.isEmpty() || ids.stream().anyMatch(id -> id == null || id.isBlank())) {
            throw new IllegalArgumentException("ids must list at least one dead letter id");
        }
        if (ids.size() > REPLAY_ALL_LIMIT) {
            throw new IllegalArgumentException("at most " + REPLAY_ALL_LIMIT + " ids at once");
        }
        return new LinkedHashSet<>(ids);
    }

    private HeldMessages hold(java.util.function.Predicate<Map<String, Message>> enough) {
        return HeldMessages.receive(sqs, queues().deadUrl(), MOST_SEEN, enough);
    }

    private List<DeadLetter> describe(List<Message> messages) {
        Map<String, EventMessages.Decoded> decoded = new HashMap<>();
        Map<String, String> unreadable = new HashMap<>();
        for (Message message : messages) {
            try {
                decoded.put(message.messageId(), EventMessages.decode(message.body()));
            } catch (RuntimeException e) {
                unreadable.put(message.messageId(), e.getMessage());
            }
        }
        List<QueueFailures.Key> keys = decoded.values().stream()
                .map(d -> new QueueFailures.Key(d.event().projectId(), d.event().eventId())).toList();
        Map<QueueFailures.Key, QueueFailures.Failure> history = failures.find(keys);
        Map<Long, String> names = failures.projectNames(keys.stream().map(QueueFailures.Key::projectId).distinct().toList());
        return messages.stream().map(message -> {
            EventMessages.Decoded letter = decoded.get(message.messageId());
            if (letter == null) {
                return new DeadLetter(message.messageId(), null, null, unreadable.get(message.messageId()), 0, null, null, null);
            }
            var event = letter.event();
            QueueFailures.Failure failure = history.get(new QueueFailures.Key(event.projectId(), event.eventId()));
            DeadLetter.Project project = new DeadLetter.Project(event.projectId(), names.get(event.projectId()));
            return failure == null
                    ? new DeadLetter(message.messageId(), project, event.eventId(), null, 0, null, null, event.receivedAt())
                    : new DeadLetter(message.messageId(), project, event.eventId(), failure.lastError(), failure.attempts(),
                    failure.firstFailure(), failure.lastFailure(), event.receivedAt());
        }).toList();
    }

    private static java.util.Optional<QueueFailures.Key> key(Message message) {
        try {
            var event = EventMessages.decode(message.body()).event();
            return java.util.Optional.of(new QueueFailures.Key(event.projectId(), event.eventId()));
        } catch (RuntimeException unreadable) {
            return java.util.Optional.empty();
        }
    }

    /** Messages in the dead-letter queue, visible or held by a receiver at this moment (SQS's estimate). */
    private long count() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(get -> get.queueUrl(queues().deadUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).join().attributes();
        return Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
                + Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
    }

    /** The queue and its dead-letter queue, read from the queue's redrive policy on first use. */
    private Queues queues() {
        Queues known = queues;
        if (known == null) {
            String url = queueUrl.get();
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(get -> get.queueUrl(url)
                    .attributeNames(QueueAttributeName.QUEUE_ARN, QueueAttributeName.REDRIVE_POLICY)).join().attributes();
            String policy = attributes.get(QueueAttributeName.REDRIVE_POLICY);
            if (policy == null || policy.isBlank()) {
                throw new IllegalStateException("the SQS queue " + url + " has no redrive policy, so it has no dead-letter queue");
            }
            String deadArn = Objects.requireNonNull(JSON.readTree(policy).path("deadLetterTargetArn").asString(null),
                    "the redrive policy names no deadLetterTargetArn");
            String deadName = deadArn.substring(deadArn.lastIndexOf(':') + 1);
            String deadUrl = sqs.getQueueUrl(get -> get.queueName(deadName)).join().queueUrl();
            known = new Queues(url, attributes.get(QueueAttributeName.QUEUE_ARN), deadUrl, deadArn);
            queues = known;
        }
        return known;
    }
}
