package io.flytrap.core.process;

import io.flytrap.core.database.SqlFailures;
import io.flytrap.core.event.Event;
import io.flytrap.core.grouping.Fingerprinter;
import io.flytrap.core.grouping.InAppClassifier;
import io.flytrap.core.grouping.InAppRules;
import io.flytrap.core.metrics.FlytrapMetrics;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.scrubbing.Scrubber;
import io.flytrap.core.sourcemaps.Symbolicator;
import io.flytrap.core.scrubbing.ScrubbingSettings;
import io.flytrap.core.protocol.InvalidPayloadException;
import io.flytrap.core.protocol.NativePayloadParser;
import io.flytrap.core.protocol.SentryEventParser;
import io.flytrap.core.queue.QueuedEvent;
import io.flytrap.core.useragent.UserAgentContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a batch of raw events into issues and stored events. The whole batch is stored in one transaction
 * (one upsert per distinct issue, one batched insert of events); if that transaction fails, the batch is halved
 * until the events that fail are alone, so one bad event never holds back the others nor costs them much.
 */
@Service
public class EventProcessor {

    private static final Logger log = LoggerFactory.getLogger(EventProcessor.class);

    private final NativePayloadParser nativeParser = new NativePayloadParser();
    private final SentryEventParser sentryParser = new SentryEventParser();
    private final UserAgentContexts userAgents = new UserAgentContexts();
    private final EventStore store;
    private final ProjectService projects;
    private final Symbolicator symbolicator;
    private final FlytrapMetrics metrics;
    private final EventPayloadJson payloadJson;

    EventProcessor(EventStore store, ProjectService projects, Symbolicator symbolicator, FlytrapMetrics metrics,
                   JsonMapper json) {
        this.payloadJson = new EventPayloadJson(json);
        this.store = store;
        this.projects = projects;
        this.symbolicator = symbolicator;
        this.metrics = metrics;
    }

    /** Counted here, where the queue workers and the SQS function both come through. */
    public BatchOutcome process(List<BatchItem> batch) {
        long started = System.nanoTime();
        BatchOutcome outcome = processBatch(batch);
        if (!batch.isEmpty()) {
            metrics.batchProcessed(outcome.done().size(), outcome.failed().size(),
                    Duration.ofNanos(System.nanoTime() - started));
        }
        return outcome;
    }

    private BatchOutcome processBatch(List<BatchItem> batch) {
        List<PreparedEvent> prepared = new ArrayList<>(batch.size());
        Map<String, String> failed = new HashMap<>();
        Map<Long, ScrubbingSettings> scrubbing = batch.isEmpty() ? Map.of()
                : projects.scrubbingSettings(batch.stream().map(item -> item.event().projectId()).distinct().toList());
        Map<Long, InAppRules> inAppRules = batch.isEmpty() ? Map.of()
                : projects.inAppRules(batch.stream().map(item -> item.event().projectId()).distinct().toList());
        for (BatchItem item : batch) {
            try {
                // Symbolicated first, so grouping sees the original code; scrubbed before anything is derived
                // from it: no secret reaches titles, fingerprints or storage (nor a header a project masked
                // reaches the browser and os contexts read from the User-Agent)
                ScrubbingSettings scrub = scrubbing.getOrDefault(item.event().projectId(), ScrubbingSettings.DEFAULT);
                Symbolicator.Symbolicated symbolicated = symbolicator.symbolicate(parse(item.event()));
                Event scrubbed = userAgents.addMissingContexts(Scrubber.scrub(symbolicated.event(), scrub));
                // Version 2's view of the event, for issues it created: call-site names, unset in_app as in-app
                Event asVersion2Saw = symbolicated.asVersion2Saw() == symbolicated.event() ? scrubbed
                        : Scrubber.scrub(symbolicated.asVersion2Saw(), scrub);
                Event event = InAppClassifier.classify(scrubbed,
                        inAppRules.getOrDefault(item.event().projectId(), InAppRules.NONE));
                prepared.add(PreparedEvent.of(item.messageId(), event, Fingerprinter.group(event, asVersion2Saw),
                        item.event().meta().get(QueuedEvent.CLIENT_IP), payloadJson.of(event)));
            } catch (InvalidPayloadException | RuntimeException unusable) {
                failed.put(item.messageId(), describe(unusable));
            }
        }
        List<String> done = new ArrayList<>(prepared.size());
        storeIsolatingFailures(prepared, done, failed);
        if (!failed.isEmpty()) {
            // Only which messages and the kinds of failure: a parser's or the database's message can quote the event
            // ("Unrecognized token 'hunter2'", "Failing row contains (...)"), and logs must never hold event data.
            // The full reason stays with the queued event (event_queue.last_error, the dead letters' page).
            log.warn("{} of {} events could not be processed: {}", failed.size(), batch.size(), kinds(failed));
        }
        return new BatchOutcome(done, failed);
    }

    /**
     * Stores the events in one transaction; if that fails, stores each half in its own transaction, and so on down
     * to single events. One event the database refuses then costs about two transactions per halving (about 20 for
     * a batch of 1,000) instead of one per event. That pays for rare refusals; when they are frequent (ten in a
     * batch) most halves fail for several levels, so a known kind is made storable where it is parsed instead,
     * before ingest answers (a value cut to its column, a NUL replaced, an impossible time dated at receipt): the
     * halving is the guard for refusals nobody knows of yet. Events stored by an attempt that failed were rolled
     * back with it, so each good event is stored exactly once.
     */
    private void storeIsolatingFailures(List<PreparedEvent> events, List<String> done, Map<String, String> failed) {
        if (events.isEmpty()) {
            return;
        }
        try {
            store.store(events);
            events.forEach(p -> done.add(p.messageId()));
        } catch (RuntimeException storeFailed) {
            if (events.size() == 1 || SqlFailures.databaseUnavailable(storeFailed)) {
                // a database that is gone refuses every half too: halving would cost 2n - 1 attempts, each waiting
                // for the pool's timeout, before the same retry with backoff that failing them all at once gets
                events.forEach(p -> failed.put(p.messageId(), describe(storeFailed)));
                return;
            }
            log.debug("Storing {} events failed ({}); storing each half on its own", events.size(),
                    storeFailed.getClass().getSimpleName());
            int half = events.size() / 2;
            storeIsolatingFailures(events.subList(0, half), done, failed);
            storeIsolatingFailures(events.subList(half, events.size()), done, failed);
        }
    }

    private Event parse(QueuedEvent queued) throws InvalidPayloadException {
        Event event = switch (queued.protocol()) {
            case NativePayloadParser.ERROR_PROTOCOL, NativePayloadParser.REJECTION_PROTOCOL ->
                    nativeParser.parse(queued.protocol(), queued.payload(), queued.eventId(), queued.receivedAt());
            case SentryEventParser.PROTOCOL ->
                    sentryParser.parse(queued.payload(), queued.projectId(), queued.eventId(), queued.receivedAt());
            default -> throw new IllegalArgumentException("unknown protocol " + queued.protocol());
        };
        // Ingest checked the key against the payload's project; the queue's project id is the one that was
        // authorised, and a message that disagrees with it was not written by our ingest.
        if (event.projectId() != queued.projectId()) {
            throw new IllegalArgumentException("payload project " + event.projectId() + " does not match queued project " + queued.projectId());
        }
        return event;
    }

    /** Message id to the failure's kind (the text before describe's colon), never its message. */
    private static Map<String, String> kinds(Map<String, String> failed) {
        Map<String, String> kinds = new java.util.TreeMap<>();
        failed.forEach((messageId, reason) -> kinds.put(messageId, reason.substring(0, Math.max(0, reason.indexOf(':')))));
        return kinds;
    }

    private static String describe(Exception e) {
        return FailureDescriptions.describe(e);
    }
}
