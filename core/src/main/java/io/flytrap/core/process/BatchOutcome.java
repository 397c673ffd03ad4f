package io.flytrap.core.process;

import java.util.List;
import java.util.Map;

/**
 * @param done   messages that need no further work: stored now, stored before (a redelivery), or for a project
 *               that no longer exists
 * @param failed messages to retry later, with the reason
 */
public record BatchOutcome(List<String> done, Map<String, String> failed) {

    public BatchOutcome {
        done = List.copyOf(done);
        failed = Map.copyOf(failed);
    }
}
