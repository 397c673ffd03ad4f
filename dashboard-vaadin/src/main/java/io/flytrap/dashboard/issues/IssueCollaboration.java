package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import io.flytrap.core.access.Caller;
import io.flytrap.core.issues.IssueAssignmentService;
import io.flytrap.core.issues.IssueLinkService;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.core.projects.ProjectMemberService;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.projects.TrackerTemplate;
import io.flytrap.dashboard.sdk.PublicUrl;

/**
 * The issue page's collaboration row (assignee, tracker links), built from the services it needs so that the page
 * itself takes one dependency for it.
 */
@org.springframework.stereotype.Component
class IssueCollaboration {

    private final IssueAssignmentService assignments;
    private final IssueLinkService links;
    private final ProjectMemberService members;
    private final ProjectService projects;
    private final PublicUrl publicUrl;

    IssueCollaboration(IssueAssignmentService assignments, IssueLinkService links, ProjectMemberService members,
                       ProjectService projects, PublicUrl publicUrl) {
        this.assignments = assignments;
        this.links = links;
        this.members = members;
        this.projects = projects;
        this.publicUrl = publicUrl;
    }

    /** The row for one issue; onChange runs after the assignee or the link changed (or a change was refused). */
    com.vaadin.flow.component.Component row(Caller caller, IssueSummary issue, Runnable onChange) {
        AssigneePicker picker = new AssigneePicker(assignments, caller, issue, () -> members.list(caller, issue.projectId()));
        picker.addAssignedListener(assigned -> onChange.run());
        String projectName = projects.get(caller, issue.projectId()).name();
        TrackerLinks trackerLinks = new TrackerLinks(links, caller, issue, projects.trackerTemplate(caller, issue.projectId()),
                new TrackerTemplate.Values(issue.title(), publicUrl.base() + "/issues/" + issue.id(), issue.culprit(),
                        issue.id(), projectName));
        trackerLinks.addLinkedListener(linked -> onChange.run());
        HorizontalLayout row = new HorizontalLayout(picker, trackerLinks);
        row.setId("issue-collaboration");
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        row.setWrap(true);
        return row;
    }

    /** "Assign to…" for issues chosen in one project's list; done runs after a change. */
    void openBulkAssign(Caller caller, long projectId, java.util.List<Long> issueIds, Runnable done) {
        new BulkAssignDialog(issueIds.size(), members.list(caller, projectId),
                email -> assignments.assignAll(caller, issueIds, email), done).open();
    }

    /**
     * Assigns the issue to the caller, as the "Assign to me" button and the "e" key do; a refusal is shown, not
     * thrown. True if it assigned.
     */
    boolean assignToMe(Caller caller, long issueId) {
        try {
            assignments.assignToMe(caller, issueId);
            return true;
        } catch (IllegalArgumentException refused) {
            Notification.show(refused.getMessage(), 5000, Notification.Position.BOTTOM_START);
            return false;
        }
    }
}
