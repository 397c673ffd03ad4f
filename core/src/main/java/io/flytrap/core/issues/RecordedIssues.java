package io.flytrap.core.issues;

import java.util.List;

/**
 * What {@link IssueRecorder#record} did.
 *
 * @param issueIds the issue of each occurrence, in the order given
 * @param issues   each issue touched, once
 */
public record RecordedIssues(List<Long> issueIds, List<StoredIssue> issues) {

    public RecordedIssues {
        issueIds = List.copyOf(issueIds);
        issues = List.copyOf(issues);
    }
}
