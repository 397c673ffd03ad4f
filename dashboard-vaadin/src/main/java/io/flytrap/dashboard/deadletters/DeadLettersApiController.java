package io.flytrap.dashboard.deadletters;

import io.flytrap.core.queue.DeadLetterService;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import io.flytrap.functions.queue.SqsDeadLetters;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Events that failed processing as often as the queue allows (administrators only): list them newest failure first,
 * replay some or all of them through the normal processor, delete one. Non-administrators get 403, an id that is not
 * a dead letter 404, a body that is neither {"ids": [...]} nor {"all": true} 400; a refused request changes nothing.
 * The same API for both queues: the PostgreSQL queue's dead letters have numeric ids, the SQS dead-letter queue's
 * messages their SQS message ids.
 */
@RestController
class DeadLettersApiController {

    /** Exactly one of the two: the ids to replay, or all (the oldest {@value DeadLetterService#REPLAY_ALL_LIMIT}). */
    record ReplayRequest(List<String> ids, Boolean all) {
    }

    private final ObjectProvider<DeadLetterService> postgres;
    private final ObjectProvider<SqsDeadLetters> sqs;

    DeadLettersApiController(ObjectProvider<DeadLetterService> postgres, ObjectProvider<SqsDeadLetters> sqs) {
        this.postgres = postgres;
        this.sqs = sqs;
    }

    @GetMapping("/api/v1/dead-letters")
    Object list(@AuthenticationPrincipal FlytrapPrincipal principal,
                @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "50") int limit) {
        DeadLetterService service = postgres.getIfAvailable();
        return service != null ? service.list(principal.caller(), offset, limit)
                : sqs.getObject().list(principal.caller(), offset, limit);
    }

    @PostMapping("/api/v1/dead-letters/replay")
    DeadLetterService.Replayed replay(@AuthenticationPrincipal FlytrapPrincipal principal,
                                      @RequestBody ReplayRequest request) {
        boolean all = Boolean.TRUE.equals(request.all());
        if (all == (request.ids() != null)) {
            throw new IllegalArgumentException("send either {\"ids\": [dead letter ids]} or {\"all\": true}");
        }
        DeadLetterService service = postgres.getIfAvailable();
        if (service != null) {
            return all ? service.replayAll(principal.caller()) : service.replay(principal.caller(), numeric(request.ids()));
        }
        return all ? sqs.getObject().replayAll(principal.caller()) : sqs.getObject().replay(principal.caller(), request.ids());
    }

    @DeleteMapping("/api/v1/dead-letters/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable String id) {
        DeadLetterService service = postgres.getIfAvailable();
        if (service != null) {
            service.delete(principal.caller(), numeric(List.of(id)).getFirst());
        } else {
            sqs.getObject().delete(principal.caller(), id);
        }
    }

    /** The PostgreSQL queue's ids are numbers; anything else is a bad request, not an unknown dead letter. */
    private static List<Long> numeric(List<String> ids) {
        try {
            return ids.stream().map(id -> id == null ? null : Long.valueOf(id)).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dead letter ids are numbers on the PostgreSQL queue: " + e.getMessage());
        }
    }
}
