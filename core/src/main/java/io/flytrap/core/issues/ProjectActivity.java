package io.flytrap.core.issues;

import io.flytrap.core.projects.Project;

import java.util.List;

/**
 * A project on the overview.
 *
 * @param dailyEvents events per UTC day over the last {@link ActivityQueries#TREND_DAYS} days, oldest first
 */
public record ProjectActivity(Project project, long openIssues, long eventsLast24Hours, List<Long> dailyEvents) {

    public ProjectActivity {
        dailyEvents = List.copyOf(dailyEvents);
    }
}
