package io.flytrap.dashboard.artifacts;

import io.flytrap.core.sourcemaps.ArtifactBundleService;
import io.flytrap.core.sourcemaps.ArtifactService;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The part of Sentry's API that {@code sentry-cli sourcemaps upload} uses, so teams keep their build step:
 * point SENTRY_URL at Flytrap, use a Flytrap API token as SENTRY_AUTH_TOKEN, and the project's id (or name) as
 * the project. The organization in the path is accepted and ignored: a Flytrap install is one organization.
 */
@RestController
class SentryCliApiController {

    record AssembleRequest(String checksum, List<String> chunks, List<String> projects, String version, String dist) {
    }

    private final ArtifactBundleService bundles;
    private final ArtifactService artifacts;

    SentryCliApiController(ArtifactBundleService bundles, ArtifactService artifacts) {
        this.bundles = bundles;
        this.artifacts = artifacts;
    }

    /** How to upload: one chunk at a time, gzip'd, as artifact bundles. */
    @GetMapping("/api/0/organizations/{org}/chunk-upload/")
    Map<String, Object> chunkUploadOptions(@PathVariable String org) {
        long chunkSize = Math.min(8L * 1024 * 1024, artifacts.maxSize());
        // The address the CLI used to reach us (behind a proxy: the forwarded one), not a configured guess
        String here = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        return Map.of("url", here + "/api/0/organizations/" + org + "/chunk-upload/",
                "chunkSize", chunkSize, "chunksPerRequest", 4, "maxFileSize", artifacts.maxSize(),
                "maxRequestSize", 4 * chunkSize + 1024 * 1024, "concurrency", 1, "hashAlgorithm", "sha1",
                "compression", List.of("gzip"), "accept", List.of("artifact_bundles"));
    }

    /** Chunks as multipart parts named "file" (plain) or "file_gzip", each part's filename the chunk's SHA-1. */
    @PostMapping("/api/0/organizations/{org}/chunk-upload/")
    Map<String, Object> uploadChunks(@AuthenticationPrincipal FlytrapPrincipal principal, HttpServletRequest request)
            throws IOException, ServletException {
        for (Part part : request.getParts()) {
            boolean gzip = part.getName().equals("file_gzip");
            if (!gzip && !part.getName().equals("file")) {
                continue;
            }
            try (InputStream raw = part.getInputStream(); InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
                byte[] content = in.readNBytes((int) Math.min(artifacts.maxSize() + 1, Integer.MAX_VALUE - 8));
                bundles.saveChunk(principal.caller(), part.getSubmittedFileName(), content);
            }
        }
        return Map.of();
    }

    @PostMapping("/api/0/organizations/{org}/artifactbundle/assemble/")
    ArtifactBundleService.AssembleState assemble(@AuthenticationPrincipal FlytrapPrincipal principal,
                                                 @RequestBody AssembleRequest request) {
        return bundles.assemble(principal.caller(), request.projects(), request.version(), request.dist(),
                request.checksum(), request.chunks());
    }
}
