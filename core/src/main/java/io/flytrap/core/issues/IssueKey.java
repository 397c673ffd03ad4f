package io.flytrap.core.issues;

/** What names an issue: its project, the grouping version that made the fingerprint, and the fingerprint. */
public record IssueKey(long projectId, int groupingVersion, String fingerprint) {
}
