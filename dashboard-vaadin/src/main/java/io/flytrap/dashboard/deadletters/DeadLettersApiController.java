package io.flytrap.dashboard.deadletters;

import io.flytrap.core.queue.DeadLetters;
import io.flytrap.dashboard.security.FlytrapPrincipal;
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
 * The same API for both queues, through the {@link DeadLetters} port the admin page uses too: the PostgreSQL queue's
 * dead letters have numeric ids, the SQS dead-letter queue's messages their SQS message ids (both listed as text).
 */
@RestController
class DeadLettersApiController {

    /** Exactly one of the two: the ids to replay, or all (the oldest {@value DeadLetters#REPLAY_ALL_LIMIT}). */
    record ReplayRequest(List<String> ids, Boolean all) {
    }

    private final DeadLetters deadLetters;

    DeadLettersApiController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping("/api/v1/dead-letters")
    DeadLetters.Page list(@AuthenticationPrincipal FlytrapPrincipal principal,
                          @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "50") int limit) {
        return deadLetters.list(principal.caller(), offset, limit);
    }

    @PostMapping("/api/v1/dead-letters/replay")
    DeadLetters.Replayed replay(@AuthenticationPrincipal FlytrapPrincipal principal, @RequestBody ReplayRequest request) {
        boolean all = Boolean.TRUE.equals(request.all());
        if (all == (request.ids() != null)) {
            throw new IllegalArgumentException("send either {\"ids\": [dead letter ids]} or {\"all\": true}");
        }
        return all ? deadLetters.replayAll(principal.caller()) : deadLetters.replay(principal.caller(), request.ids());
    }

    @DeleteMapping("/api/v1/dead-letters/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable String id) {
        deadLetters.delete(principal.caller(), id);
    }
}
