package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.Scope;
import io.flytrap.core.audit.AuditLog;
import io.flytrap.core.projects.WebAddress;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An issue's link to the same problem in an external tracker (a GitHub issue, a Jira ticket): one http(s)
 * address per issue, shown on the issue page and in its JSON. Audited as {@code issue_linked}.
 */
@Service
@Transactional
public class IssueLinkService {

    private final IssueQueries issues;
    private final JdbcClient jdbc;
    private final AuditLog audit;

    public IssueLinkService(IssueQueries issues, JdbcClient jdbc, AuditLog audit) {
        this.issues = issues;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /**
     * Links the issue to the address, or removes the link (null or blank). Anything but an absolute http or https
     * address is refused with an {@link IllegalArgumentException}, changing nothing.
     */
    public IssueSummary link(Caller caller, long issueId, String externalUrl) {
        IssueSummary issue = issues.get(caller, issueId);
        caller.requireScope(Scope.PROJECT_WRITE);
        String url = externalUrl == null || externalUrl.isBlank() ? null : WebAddress.require(externalUrl, "tracker issue's address");
        jdbc.sql("update issues set external_url = ? where id = ?").params(url, issueId).update();
        Map<String, Object> details = new HashMap<>();
        details.put("issues", List.of(issueId));
        details.put("count", 1);
        details.put("url", url);
        audit.record(caller, AuditLog.Action.ISSUE_LINKED, issue.projectId(), "issue " + issueId, details);
        IssueChanges.announce(jdbc, issue.projectId());
        return issues.get(caller, issueId);
    }
}
