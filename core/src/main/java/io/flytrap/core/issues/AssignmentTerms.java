package io.flytrap.core.issues;

import io.flytrap.core.issues.IssueSearch.Filter;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The search terms about assignment, read for {@link IssueSearchParser}: is:(un)assigned and assigned:. */
final class AssignmentTerms {

    private AssignmentTerms() {
    }

    /**
     * Sentry's {@code is:assigned} and {@code is:unassigned}, read as {@code has:assignee} and {@code !has:assignee}:
     * one way to say it, and is: stays a choice of statuses (a list mixing both would read as "either").
     */
    static Optional<Filter> isAssigned(List<String> values, boolean negated) {
        List<String> lower = values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
        boolean unassigned = lower.contains("unassigned");
        if (!unassigned && !lower.contains("assigned")) {
            return Optional.empty();
        }
        if (lower.size() != 1) {
            throw new InvalidSearchException("is:assigned and is:unassigned stand alone: write them as a filter of their own, such as is:unresolved is:unassigned");
        }
        return Optional.of(new Filter(IssueSearch.HAS, List.of(IssueSearch.ASSIGNEE), negated != unassigned));
    }

    /** "me" (whoever searches) or a member's e-mail address, compared case-insensitively. */
    static String assignee(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals(IssueSearch.ME)) {
            return IssueSearch.ME;
        }
        if (lower.indexOf('@') <= 0 || lower.endsWith("@")) {
            throw new InvalidSearchException("assigned: takes me or a member's e-mail address, such as assigned:me or assigned:ann@example.com (not \"" + value + "\")");
        }
        return lower;
    }
}
