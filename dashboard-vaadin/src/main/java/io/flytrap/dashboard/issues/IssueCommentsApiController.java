package io.flytrap.dashboard.issues;

import io.flytrap.core.issues.IssueComments;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * An issue's comments. Commenting needs project:write on the issue's project, reading project:read; only a
 * comment's author may delete it. {@code @name} in the text mentions the member whose e-mail starts with
 * {@code name@} (or the whole address), who gets an e-mail: see {@link IssueComments}.
 */
@RestController
class IssueCommentsApiController {

    /** @param text plain text, up to 5,000 characters */
    record NewComment(String text) {
    }

    private final IssueComments comments;

    IssueCommentsApiController(IssueComments comments) {
        this.comments = comments;
    }

    @GetMapping("/api/v1/issues/{issueId}/comments")
    List<IssueComments.Comment> list(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long issueId) {
        return comments.list(principal.caller(), issueId);
    }

    @PostMapping("/api/v1/issues/{issueId}/comments")
    @ResponseStatus(HttpStatus.CREATED)
    IssueComments.Comment add(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long issueId,
                              @RequestBody NewComment comment) {
        return comments.add(principal.caller(), issueId, comment == null ? null : comment.text());
    }

    @DeleteMapping("/api/v1/issues/{issueId}/comments/{commentId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long issueId,
                @PathVariable long commentId) {
        comments.delete(principal.caller(), issueId, commentId);
    }
}
