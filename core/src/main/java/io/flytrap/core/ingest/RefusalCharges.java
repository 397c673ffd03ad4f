package io.flytrap.core.ingest;

import io.flytrap.core.ingest.IngestResult.Accepted;
import io.flytrap.core.ingest.IngestResult.Reason;
import io.flytrap.core.ingest.IngestResult.Rejected;
import io.flytrap.core.projects.ActiveKey;
import io.flytrap.core.queue.QueuedEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a request costs a client's budget of refused requests ({@link FailureBudget}): a token from its address
 * and, once the key is known, one from its key; kept when the request is refused for the client's fault, given back
 * otherwise. Every request passes here once, so its outcome is also counted here ({@link RefusalCounts}).
 */
final class RefusalCharges {

    private final FailureBudget failures;
    private final RefusalCounts counts;

    RefusalCharges(FailureBudget failures, RefusalCounts counts) {
        this.failures = failures;
        this.counts = counts;
    }

    /** The budget of refused requests: taken from the client's address first, before anything else is looked at. */
    IngestResult charged(Map<String, String> meta, Function<Charge, IngestResult> work) {
        FailureBudget.Result byAddress = failures.take(FailureBudget.ADDRESS, meta.get(QueuedEvent.CLIENT_IP));
        if (byAddress.refusal().isPresent()) {
            IngestResult spent = spent(byAddress.refusal().get());
            counts.count(null, spent);
            return spent;
        }
        Charge charge = new Charge(byAddress.ticket());
        IngestResult result;
        try {
            result = work.apply(charge);
        } catch (KeysUnavailableException down) {
            // Keys are looked up before any event is read or queued, so nothing of this request was accepted
            result = new Rejected(Reason.UNAVAILABLE, "the database is unavailable, retry later");
        }
        if (!clientsFault(result)) {
            charge.refund();
        }
        counts.count(charge.projectId, result);
        return result;
    }

    /** The tokens one request took; kept if the request is refused for the client's fault, else given back. */
    final class Charge {
        private final List<FailureBudget.Ticket> tickets = new ArrayList<>(2);
        /** The project of the key once one was found: what the request's outcome is counted for. */
        private Long projectId;

        Charge(FailureBudget.Ticket byAddress) {
            tickets.add(byAddress);
        }

        /** Takes from the key's budget; a refusal there is the key's doing, so the address gets its token back. */
        Optional<IngestResult> key(ActiveKey key) {
            projectId = key.projectId();
            FailureBudget.Result byKey = failures.take(FailureBudget.KEY, Long.toString(key.keyId()));
            if (byKey.refusal().isPresent()) {
                return Optional.of(spent(byKey.refusal().get()));
            }
            tickets.add(byKey.ticket());
            return Optional.empty();
        }

        void refund() {
            tickets.forEach(FailureBudget.Ticket::refund);
        }
    }

    /** Invalid, too large, unknown or wrong key: what a budget of refused requests counts. */
    private static boolean clientsFault(IngestResult result) {
        return switch (result) {
            case Rejected rejected -> rejected.reason() != Reason.UNAVAILABLE;
            case IngestResult.PartlyAccepted partly -> clientsFault(partly.refusal());
            case Accepted ignored -> false;
            case IngestResult.RateLimited ignored -> false;
            case IngestResult.FailureBudgetSpent ignored -> false;
        };
    }

    private static IngestResult spent(FailureBudget.Refusal refusal) {
        return new IngestResult.FailureBudgetSpent(refusal.retryAfterSeconds(), refusal.scope());
    }
}
