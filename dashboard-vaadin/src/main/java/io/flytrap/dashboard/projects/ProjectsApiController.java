package io.flytrap.dashboard.projects;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.Project;
import io.flytrap.core.projects.ProjectKey;
import io.flytrap.core.projects.ProjectDeletionService;
import io.flytrap.core.projects.ProjectKeyService;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.grouping.InAppRules;
import io.flytrap.core.projects.ProjectSettings;
import io.flytrap.dashboard.sdk.PublicUrl;
import io.flytrap.dashboard.sdk.SdkSettings;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

@RestController
class ProjectsApiController {

    record NewProject(String name, String platform) {
    }

    record KeyView(long id, String publicKey, String label, Integer rateLimitPerMinute, Instant createdAt,
                   Instant revokedAt, SdkSettings sdk) {
    }

    record NewKey(String label, Integer rateLimitPerMinute) {
    }

    record KeyChange(String label) {
    }

    record CreatedProjectView(long id, String name, String platform, Instant createdAt, KeyView key, SdkSettings sdk) {
    }

    private final ProjectService projects;
    private final ProjectKeyService keys;
    private final ProjectDeletionService deletion;
    private final PublicUrl publicUrl;

    ProjectsApiController(ProjectService projects, ProjectKeyService keys, ProjectDeletionService deletion,
                          PublicUrl publicUrl) {
        this.projects = projects;
        this.keys = keys;
        this.deletion = deletion;
        this.publicUrl = publicUrl;
    }

    @GetMapping("/api/v1/projects")
    List<Project> list(@AuthenticationPrincipal FlytrapPrincipal principal) {
        return projects.listVisibleTo(principal.caller());
    }

    /** Creates a project with its first key; the answer carries everything an SDK needs. */
    @PostMapping("/api/v1/projects")
    @ResponseStatus(HttpStatus.CREATED)
    CreatedProjectView create(@AuthenticationPrincipal FlytrapPrincipal principal, @RequestBody NewProject request) {
        CreatedProject created = projects.create(principal.caller(), request.name(), request.platform());
        Project project = created.project();
        KeyView key = keyView(created.key());
        return new CreatedProjectView(project.id(), project.name(), project.platform(), project.createdAt(), key, key.sdk());
    }

    @GetMapping("/api/v1/projects/{projectId}")
    Project get(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId) {
        return projects.get(principal.caller(), projectId);
    }

    /** Deletes the project with all its issues and events (administrators only). */
    @DeleteMapping("/api/v1/projects/{projectId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId) {
        deletion.delete(principal.caller(), projectId);
    }

    /** What the server scrubs from this project's events, and how long it keeps them. */
    @GetMapping("/api/v1/projects/{projectId}/settings")
    ProjectSettings settings(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId) {
        return projects.settings(principal.caller(), projectId);
    }

    @PutMapping("/api/v1/projects/{projectId}/settings")
    ProjectSettings updateSettings(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                                   @RequestBody ProjectSettings settings) {
        return projects.updateSettings(principal.caller(), projectId, settings);
    }

    /**
     * Which frames are the project's own code where the SDK left in_app unset: module prefixes or path pieces
     * (docs/grouping.md). Changes apply to events processed afterwards.
     */
    @GetMapping("/api/v1/projects/{projectId}/in-app-rules")
    InAppRules inAppRules(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId) {
        return projects.inAppRules(principal.caller(), projectId);
    }

    @PutMapping("/api/v1/projects/{projectId}/in-app-rules")
    InAppRules updateInAppRules(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                                @RequestBody InAppRules rules) {
        return projects.updateInAppRules(principal.caller(), projectId, rules);
    }

    @GetMapping("/api/v1/projects/{projectId}/keys")
    List<KeyView> keys(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId) {
        return projects.keys(principal.caller(), projectId).stream().map(this::keyView).toList();
    }

    @PostMapping("/api/v1/projects/{projectId}/keys")
    @ResponseStatus(HttpStatus.CREATED)
    KeyView createKey(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                      @RequestBody NewKey request) {
        return keyView(keys.create(principal.caller(), projectId, request.label(), request.rateLimitPerMinute()));
    }

    @PatchMapping("/api/v1/projects/{projectId}/keys/{keyId}")
    KeyView relabelKey(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                       @PathVariable long keyId, @RequestBody KeyChange change) {
        return keyView(keys.relabel(principal.caller(), projectId, keyId, change.label()));
    }

    /** A new key in place of this one, which stops working at once; the answer is the new key. */
    @PostMapping("/api/v1/projects/{projectId}/keys/{keyId}/rotate")
    KeyView rotateKey(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                      @PathVariable long keyId) {
        return keyView(keys.rotate(principal.caller(), projectId, keyId));
    }

    /** Revokes the key (it stays listed, revoked); events it already delivered stay. */
    @DeleteMapping("/api/v1/projects/{projectId}/keys/{keyId}")
    KeyView revokeKey(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                      @PathVariable long keyId) {
        return keyView(keys.revoke(principal.caller(), projectId, keyId));
    }

    private KeyView keyView(ProjectKey key) {
        return new KeyView(key.id(), key.publicKey(), key.label(), key.rateLimitPerMinute(), key.createdAt(),
                key.revokedAt(), publicUrl.sdkSettings(key.projectId(), key.publicKey()));
    }
}
