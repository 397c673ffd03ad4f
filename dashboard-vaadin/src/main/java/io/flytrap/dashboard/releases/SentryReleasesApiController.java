package io.flytrap.dashboard.releases;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.projects.Project;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.releases.Release;
import io.flytrap.core.releases.ReleaseCreated;
import io.flytrap.core.releases.ReleaseService;
import io.flytrap.dashboard.api.SentryCompatible;
import io.flytrap.dashboard.releases.SentryReleaseJson.Commit;
import io.flytrap.dashboard.releases.SentryReleaseJson.DeployOut;
import io.flytrap.dashboard.releases.SentryReleaseJson.NewDeploy;
import io.flytrap.dashboard.releases.SentryReleaseJson.NewRelease;
import io.flytrap.dashboard.releases.SentryReleaseJson.ReleaseOut;
import io.flytrap.dashboard.releases.SentryReleaseJson.UpdatedRelease;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The release endpoints of Sentry's API that {@code sentry-cli releases …} and {@code deploys …} (and the build
 * plugins, which run sentry-cli) call. Sentry has one release per organization shared by projects; Flytrap keeps
 * one per project, so an organization-wide call acts on that version in every project the token reaches.
 * The organization in the path is accepted and ignored: a Flytrap install is one organization.
 */
@RestController
@SentryCompatible
class SentryReleasesApiController {

    private static final String ORG_RELEASES = "/api/0/organizations/{org}/releases/";
    private static final String ORG_RELEASE = ORG_RELEASES + "{version}/";
    private static final String PROJECT_RELEASES = "/api/0/projects/{org}/{project}/releases/";

    private final ReleaseService releases;
    private final ProjectService projects;

    SentryReleasesApiController(ReleaseService releases, ProjectService projects) {
        this.releases = releases;
        this.projects = projects;
    }

    /** 201 when the release is new in any of the projects, 200 when it existed in all of them already. */
    @PostMapping(ORG_RELEASES)
    ResponseEntity<ReleaseOut> create(@AuthenticationPrincipal FlytrapPrincipal principal, @RequestBody NewRelease body) {
        if (body.status() != null) {
            // refused rather than ignored: a CI step must not report an archive that never happened
            throw new IllegalArgumentException("Flytrap does not archive or restore releases");
        }
        if (body.projects() == null || body.projects().isEmpty()) {
            throw new IllegalArgumentException("projects: name at least one project (sentry-cli --project)");
        }
        Caller caller = principal.caller();
        List<Project> targets = body.projects().stream().map(ref -> projects.byReference(caller, ref)).distinct().toList();
        List<Release> created = new ArrayList<>();
        boolean isNew = false;
        for (Project project : targets) {
            ReleaseCreated result = releases.create(caller, project.id(), body.version(), body.changes());
            created.add(result.release());
            isNew |= result.isNew();
        }
        return ResponseEntity.status(isNew ? HttpStatus.CREATED : HttpStatus.OK).body(ReleaseOut.of(created, byId(caller)));
    }

    @PostMapping(PROJECT_RELEASES)
    ResponseEntity<ReleaseOut> createInProject(@AuthenticationPrincipal FlytrapPrincipal principal,
                                               @PathVariable String project, @RequestBody NewRelease body) {
        return create(principal, new NewRelease(body.version(), List.of(project), body.url(), body.dateStarted(),
                body.dateReleased(), body.commits(), body.status()));
    }

    /** Newest first; {@code ?project=} (an id, as Sentry's web app sends) narrows it to one project. */
    @GetMapping(ORG_RELEASES)
    List<ReleaseOut> list(@AuthenticationPrincipal FlytrapPrincipal principal,
                          @RequestParam(required = false) String project) {
        Caller caller = principal.caller();
        Map<Long, Project> reachable = byId(caller);
        List<Project> scope = project == null ? List.copyOf(reachable.values()) : List.of(projects.byReference(caller, project));
        Map<String, List<Release>> byVersion = new LinkedHashMap<>();
        scope.stream().flatMap(p -> releases.list(caller, p.id(), ReleaseService.MAX_LIST).stream())
                .sorted((a, b) -> b.createdAt().compareTo(a.createdAt()))
                .forEach(r -> byVersion.computeIfAbsent(r.version(), v -> new ArrayList<>()).add(r));
        return byVersion.values().stream().limit(ReleaseService.MAX_LIST).map(rows -> ReleaseOut.of(rows, reachable)).toList();
    }

    @GetMapping(PROJECT_RELEASES)
    List<ReleaseOut> listInProject(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable String project) {
        return list(principal, project);
    }

    @GetMapping(ORG_RELEASE)
    ReleaseOut get(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable String version) {
        Caller caller = principal.caller();
        return ReleaseOut.of(everywhere(caller, version), byId(caller));
    }

    @GetMapping(PROJECT_RELEASES + "{version}/")
    ReleaseOut getInProject(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable String project,
                            @PathVariable String version) {
        Caller caller = principal.caller();
        return ReleaseOut.of(List.of(releases.get(caller, projects.byReference(caller, project).id(), version)), byId(caller));
    }

    /** Finalize and set-commits; with {@code projects} in the body only those, otherwise wherever it exists. */
    @PutMapping(ORG_RELEASE)
    ReleaseOut update(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable String version,
                      @RequestBody UpdatedRelease body) {
        Caller caller = principal.caller();
        List<Long> targets = withRelease(caller, version, body.projects());
        List<Release> updated = targets.stream().map(id -> releases.update(caller, id, version, body.changes())).toList();
        return ReleaseOut.of(updated, byId(caller));
    }

    @PutMapping(PROJECT_RELEASES + "{version}/")
    ReleaseOut updateInProject(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable String project,
                               @PathVariable String version, @RequestBody UpdatedRelease body) {
        return update(principal, version, new UpdatedRelease(List.of(project), body.url(), body.dateStarted(),
                body.dateReleased(), body.commits()));
    }

    @GetMapping(ORG_RELEASE + "commits/")
    List<Commit> commits(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable String version) {
        Caller caller = principal.caller();
        Release release = everywhere(caller, version).getFirst();
        return releases.commits(caller, release.projectId(), version).stream().map(Commit::of).toList();
    }

    /**
     * Flytrap does not work out commit ranges between releases, so there is no previous commit to report; on
     * this empty answer sentry-cli sends the latest commits of the local tree, which is what Flytrap stores.
     */
    @GetMapping(ORG_RELEASE + "previous-with-commits/")
    Map<String, Object> previousWithCommits(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable String version) {
        return Map.of();
    }

    /**
     * No repository integrations (GitHub and so on) exist in Flytrap; on an empty list {@code set-commits --auto}
     * takes the commits from the local git tree instead.
     */
    @GetMapping("/api/0/organizations/{org}/repos/")
    List<Object> repositories() {
        return List.of();
    }

    /** A deploy of the release in the projects named, or else in every project where the release exists. */
    @PostMapping(ORG_RELEASE + "deploys/")
    ResponseEntity<DeployOut> deploy(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable String version,
                                     @RequestBody NewDeploy body) {
        Caller caller = principal.caller();
        List<Long> targets = withRelease(caller, version, body.projects());
        List<DeployOut> added = targets.stream()
                .map(id -> DeployOut.of(releases.addDeploy(caller, id, version, body.toDomain()))).toList();
        return ResponseEntity.status(HttpStatus.CREATED).body(added.getFirst());
    }

    @GetMapping(ORG_RELEASE + "deploys/")
    List<DeployOut> deploys(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable String version) {
        Caller caller = principal.caller();
        return everywhere(caller, version).stream()
                .flatMap(r -> releases.deploys(caller, r.projectId(), version).stream())
                .map(DeployOut::of).toList();
    }

    /**
     * The projects a change applies to: those named, or else every one the caller reaches where the version exists.
     * All are checked before anything is written, so a change refused for one project is made in none.
     */
    private List<Long> withRelease(Caller caller, String version, List<String> named) {
        if (named == null || named.isEmpty()) {
            return everywhere(caller, version).stream().map(Release::projectId).toList();
        }
        List<Long> ids = named.stream().map(ref -> projects.byReference(caller, ref).id()).distinct().toList();
        ids.forEach(id -> releases.get(caller, id, version));
        return ids;
    }

    private List<Release> everywhere(Caller caller, String version) {
        List<Release> found = releases.findInEveryProject(caller, version);
        if (found.isEmpty()) {
            throw new NotFoundException("release " + version);
        }
        return found;
    }

    private Map<Long, Project> byId(Caller caller) {
        return projects.listVisibleTo(caller).stream()
                .collect(Collectors.toMap(Project::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }
}
