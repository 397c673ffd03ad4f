package io.flytrap.dashboard.issues;

import io.flytrap.core.issues.IssueAssignmentService;
import io.flytrap.core.issues.IssueLinkService;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An issue's assignee and its link to an external tracker. Both answer with the issue as GET /api/v1/issues/{id}
 * does ({@code assigneeUserId}, {@code assigneeEmail}, {@code externalUrl}); refusals are 400 with a message.
 */
@RestController
class IssueAssigneeApiController {

    /** @param email a member of the issue's project; null (or blank) to unassign */
    record Assignee(String email) {
    }

    /** @param url an http or https address; null (or blank) to remove the link */
    record ExternalLink(String url) {
    }

    private final IssueAssignmentService assignments;
    private final IssueLinkService links;

    IssueAssigneeApiController(IssueAssignmentService assignments, IssueLinkService links) {
        this.assignments = assignments;
        this.links = links;
    }

    @PutMapping("/api/v1/issues/{issueId}/assignee")
    IssueSummary assign(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long issueId,
                        @RequestBody Assignee assignee) {
        return assignments.assign(principal.caller(), issueId, assignee.email());
    }

    @PutMapping("/api/v1/issues/{issueId}/external-link")
    IssueSummary link(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long issueId,
                      @RequestBody ExternalLink link) {
        return links.link(principal.caller(), issueId, link.url());
    }
}
