package io.flytrap.dashboard.artifacts;

import io.flytrap.core.sourcemaps.Artifact;
import io.flytrap.core.sourcemaps.ArtifactService;
import io.flytrap.core.sourcemaps.ArtifactTooLargeException;
import io.flytrap.core.sourcemaps.InvalidSourceMapException;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.List;

/**
 * Source maps (and later sources) for a project, uploaded as the raw request body:
 * {@code curl --data-binary @app.min.js.map '…/api/v1/projects/1/artifacts?release=1.0&name=~/static/app.min.js'}.
 * The body is never read past the size limit; a body declared larger is refused before reading.
 */
@RestController
class ArtifactsApiController {

    private final ArtifactService artifacts;

    ArtifactsApiController(ArtifactService artifacts) {
        this.artifacts = artifacts;
    }

    /**
     * @param name    the URL or path the minified file is served at (~/static/app.min.js, or a full URL), or a bare
     *                {@code file.min.js.map} for the original Flytrap's base-name convention
     * @param release absent: the map serves every release
     */
    @PostMapping("/api/v1/projects/{projectId}/artifacts")
    @ResponseStatus(HttpStatus.CREATED)
    Artifact upload(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                    @RequestParam String name, @RequestParam(required = false) String release,
                    @RequestParam(required = false) String dist, @RequestParam(defaultValue = "source_map") String kind,
                    HttpServletRequest request) throws IOException, InvalidSourceMapException {
        long limit = artifacts.maxSize();
        if (request.getContentLengthLong() > limit) {
            throw new ArtifactTooLargeException(limit);
        }
        byte[] content = request.getInputStream().readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        if (content.length > limit) {
            throw new ArtifactTooLargeException(limit);
        }
        return artifacts.upload(principal.caller(), projectId, release, dist, name, kind, content);
    }

    @GetMapping("/api/v1/projects/{projectId}/artifacts")
    List<Artifact> list(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                        @RequestParam(required = false) String release) {
        return artifacts.list(principal.caller(), projectId, release);
    }

    @DeleteMapping("/api/v1/projects/{projectId}/artifacts/{artifactId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                @PathVariable long artifactId) {
        artifacts.delete(principal.caller(), projectId, artifactId);
    }
}
