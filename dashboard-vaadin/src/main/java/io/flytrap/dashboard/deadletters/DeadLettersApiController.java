package io.flytrap.dashboard.deadletters;

import io.flytrap.core.queue.DeadLetterService;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * Events that failed processing as often as the queue allows (administrators only): list them newest failure first,
 * replay some or all of them through the normal processor, delete one. Non-administrators get 403, an id that is not
 * a dead letter 404, a body that is neither {"ids": [...]} nor {"all": true} 400; a refused request changes nothing.
 */
@RestController
class DeadLettersApiController {

    /** Exactly one of the two: the ids to replay, or all (the oldest {@value DeadLetterService#REPLAY_ALL_LIMIT}). */
    record ReplayRequest(List<Long> ids, Boolean all) {
    }

    private final ObjectProvider<DeadLetterService> deadLetters;

    DeadLettersApiController(ObjectProvider<DeadLetterService> deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping("/api/v1/dead-letters")
    DeadLetterService.Page list(@AuthenticationPrincipal FlytrapPrincipal principal,
                                @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "50") int limit) {
        return service().list(principal.caller(), offset, limit);
    }

    @PostMapping("/api/v1/dead-letters/replay")
    DeadLetterService.Replayed replay(@AuthenticationPrincipal FlytrapPrincipal principal,
                                      @RequestBody ReplayRequest request) {
        boolean all = Boolean.TRUE.equals(request.all());
        if (all == (request.ids() != null)) {
            throw new IllegalArgumentException("send either {\"ids\": [dead letter ids]} or {\"all\": true}");
        }
        return all ? service().replayAll(principal.caller()) : service().replay(principal.caller(), request.ids());
    }

    @DeleteMapping("/api/v1/dead-letters/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long id) {
        service().delete(principal.caller(), id);
    }

    private DeadLetterService service() {
        DeadLetterService service = deadLetters.getIfAvailable();
        if (service == null) {
            throw new NotOnThisQueue();
        }
        return service;
    }

    /** The SQS queue keeps its dead letters in its own dead-letter queue, which this API does not reach yet. */
    static final class NotOnThisQueue extends RuntimeException {
        NotOnThisQueue() {
            super("dead letters are listed here for the PostgreSQL queue only; on SQS, redrive the dead-letter queue "
                    + "from the SQS console or with StartMessageMoveTask");
        }
    }

    @ExceptionHandler(NotOnThisQueue.class)
    ResponseEntity<Map<String, String>> notOnThisQueue(NotOnThisQueue e) {
        return ResponseEntity.status(HttpStatus.NOT_IMPLEMENTED).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", e.getMessage()));
    }
}
