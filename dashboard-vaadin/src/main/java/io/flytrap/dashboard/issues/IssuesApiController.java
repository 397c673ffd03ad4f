package io.flytrap.dashboard.issues;

import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.event.Event;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
class IssuesApiController {

    record IssuePage(List<IssueSummary> items, int offset, int limit, long total) {
    }

    private final IssueQueries issues;

    IssuesApiController(IssueQueries issues) {
        this.issues = issues;
    }

    /** Issues of a project, most recently seen first. */
    @GetMapping("/api/v1/projects/{projectId}/issues")
    IssuePage list(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                   @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "50") int limit) {
        if (offset < 0 || limit < 1 || limit > IssueQueries.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("offset must be >= 0 and limit 1 to " + IssueQueries.MAX_PAGE_SIZE);
        }
        return new IssuePage(issues.list(principal.caller(), projectId, offset, limit), offset, limit,
                issues.count(principal.caller(), projectId));
    }

    @GetMapping("/api/v1/issues/{issueId}")
    IssueSummary get(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long issueId) {
        return issues.get(principal.caller(), issueId);
    }

    /** The most recent event of the issue, normalised. */
    @GetMapping("/api/v1/issues/{issueId}/events/latest")
    Event latestEvent(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long issueId) {
        return issues.latestEvent(principal.caller(), issueId).orElseThrow(() -> new NotFoundException("event")).event();
    }
}
