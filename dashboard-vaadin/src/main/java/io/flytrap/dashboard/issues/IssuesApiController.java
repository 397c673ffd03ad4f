package io.flytrap.dashboard.issues;

import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.event.Event;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueStatusService;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;

@RestController
class IssuesApiController {

    record IssuePage(List<IssueSummary> items, int offset, int limit, long total) {
    }

    /**
     * @param status         resolved, ignored or unresolved
     * @param inRelease      with resolved: events from releases older than this one do not reopen the issue
     * @param ignoreMinutes  with ignored: for how long (absent: forever, or until ignoreEvents)
     * @param ignoreEvents   with ignored: for how many further events
     */
    record StatusChange(String status, String inRelease, Long ignoreMinutes, Long ignoreEvents) {
    }

    private final IssueQueries issues;
    private final IssueStatusService statuses;

    IssuesApiController(IssueQueries issues, IssueStatusService statuses) {
        this.issues = issues;
        this.statuses = statuses;
    }

    /** Triage an issue: resolve it (in a release), ignore it (for a while, for some events) or reopen it. */
    @PutMapping("/api/v1/issues/{issueId}/status")
    IssueSummary changeStatus(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long issueId,
                              @RequestBody StatusChange change) {
        String status = change.status() == null ? "" : change.status();
        return switch (status) {
            case "resolved" -> statuses.resolve(principal.caller(), issueId, change.inRelease());
            case "ignored" -> statuses.ignore(principal.caller(), issueId,
                    change.ignoreMinutes() == null ? null : Duration.ofMinutes(change.ignoreMinutes()), change.ignoreEvents());
            case "unresolved" -> statuses.reopen(principal.caller(), issueId);
            default -> throw new IllegalArgumentException("status must be resolved, ignored or unresolved");
        };
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
