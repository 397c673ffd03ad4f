package io.flytrap.dashboard.projects;

import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.projects.TrackerTemplate;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Optional;

/**
 * The project's "Create in tracker" URL template over the API, checked as the settings page checks it (the service
 * does both): members read it, administrators set it; a bad template is a 400 with the page's message, and
 * {@code {"template": null}} or a blank one clears it.
 */
@RestController
class TrackerTemplateApiController {

    /** The template (null when none is set) and the placeholders it may use. */
    record TrackerTemplateView(String template, List<String> placeholders) {

        static TrackerTemplateView of(Optional<TrackerTemplate> template) {
            return new TrackerTemplateView(template.map(TrackerTemplate::template).orElse(null), TrackerTemplate.PLACEHOLDERS);
        }
    }

    record TrackerTemplateChange(String template) {
    }

    private final ProjectService projects;

    TrackerTemplateApiController(ProjectService projects) {
        this.projects = projects;
    }

    @GetMapping("/api/v1/projects/{projectId}/tracker-template")
    TrackerTemplateView get(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId) {
        return TrackerTemplateView.of(projects.trackerTemplate(principal.caller(), projectId));
    }

    @PutMapping("/api/v1/projects/{projectId}/tracker-template")
    TrackerTemplateView put(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                            @RequestBody TrackerTemplateChange change) {
        return TrackerTemplateView.of(projects.updateTrackerTemplate(principal.caller(), projectId, change.template()));
    }
}
