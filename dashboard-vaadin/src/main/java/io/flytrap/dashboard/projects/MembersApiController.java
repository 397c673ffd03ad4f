package io.flytrap.dashboard.projects;

import io.flytrap.core.projects.ProjectMember;
import io.flytrap.core.projects.ProjectMemberService;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Project members: everyone in the project reads the list; administrators add and remove. */
@RestController
class MembersApiController {

    record NewMember(String email) {
    }

    record AlertChoice(boolean emailAlerts) {
    }

    private final ProjectMemberService members;

    MembersApiController(ProjectMemberService members) {
        this.members = members;
    }

    @GetMapping("/api/v1/projects/{projectId}/members")
    List<ProjectMember> list(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId) {
        return members.list(principal.caller(), projectId);
    }

    @PostMapping("/api/v1/projects/{projectId}/members")
    @ResponseStatus(HttpStatus.CREATED)
    ProjectMember add(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                      @RequestBody NewMember request) {
        return members.add(principal.caller(), projectId, request.email());
    }

    @DeleteMapping("/api/v1/projects/{projectId}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                @PathVariable long userId) {
        members.remove(principal.caller(), projectId, userId);
    }

    /** Switches the caller's own e-mail alerts for the project. */
    @PutMapping("/api/v1/projects/{projectId}/members/me/alerts")
    ProjectMember ownAlerts(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                            @RequestBody AlertChoice choice) {
        return members.setOwnEmailAlerts(principal.caller(), projectId, choice.emailAlerts());
    }
}
