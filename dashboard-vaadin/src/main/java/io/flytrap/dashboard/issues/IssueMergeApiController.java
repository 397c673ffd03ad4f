package io.flytrap.dashboard.issues;

import io.flytrap.core.issues.IssueMergeService;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Merging issues and undoing it, beside IssuesApiController and in its style (errors: ApiErrors). */
@RestController
class IssueMergeApiController {

    /**
     * @param ids  the issues to merge, of one project (may include {@code into})
     * @param into the issue they become part of
     */
    record MergeRequest(List<Long> ids, Long into) {
    }

    private final IssueMergeService merges;

    IssueMergeApiController(IssueMergeService merges) {
        this.merges = merges;
    }

    /** Merges the issues into one; answers the primary issue with the totals of all. */
    @PostMapping("/api/v1/issues/merge")
    IssueSummary merge(@AuthenticationPrincipal FlytrapPrincipal principal, @RequestBody MergeRequest request) {
        if (request.ids() == null || request.into() == null || request.ids().contains(null)) {
            throw new IllegalArgumentException("ids (a list of issue ids) and into (one of them) are required");
        }
        return merges.merge(principal.caller(), request.ids(), request.into());
    }

    /** Undoes every merge into the issue; answers it with its own totals again. */
    @PostMapping("/api/v1/issues/{issueId}/unmerge")
    IssueSummary unmerge(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long issueId) {
        return merges.unmerge(principal.caller(), issueId);
    }

    /** The issues merged into this one. */
    @GetMapping("/api/v1/issues/{issueId}/merged")
    List<IssueSummary> merged(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long issueId) {
        return merges.mergedInto(principal.caller(), issueId);
    }
}
