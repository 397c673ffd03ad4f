package io.flytrap.dashboard.issues;

import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.issues.EventQueries;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The issue page's "Download JSON": the stored event (normalised, scrubbed) for a signed-in member of its project,
 * in the dashboard's session, as an attachment. Event data is attacker-chosen, so it is never served for the
 * browser to render: application/json, attachment, and nosniff (Spring Security's default) with the dashboard's
 * content security policy. A non-member gets the same 404 as for an event that does not exist.
 */
@RestController
class EventDownloadController {

    private final EventQueries events;

    EventDownloadController(EventQueries events) {
        this.events = events;
    }

    static String path(long issueId, UUID eventId) {
        return "issues/" + issueId + "/events/" + eventId + ".json";
    }

    @GetMapping("/issues/{issueId}/events/{eventId}.json")
    ResponseEntity<byte[]> download(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long issueId,
                                    @PathVariable UUID eventId) {
        try {
            return events.storedJson(principal.caller(), issueId, eventId)
                    .map(json -> ResponseEntity.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                    .filename("event-" + eventId + ".json").build().toString())
                            .header(HttpHeaders.CACHE_CONTROL, "no-store")
                            .body(json.getBytes(StandardCharsets.UTF_8)))
                    .orElseGet(() -> ResponseEntity.notFound().build());
        } catch (NotFoundException notVisible) {
            return ResponseEntity.notFound().build();
        }
    }
}
