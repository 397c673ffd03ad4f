package io.flytrap.dashboard.issues;

import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.event.Event;
import io.flytrap.core.issues.EventQueries;
import io.flytrap.core.issues.IssueFilter;
import io.flytrap.core.issues.IssuePeriod;
import io.flytrap.core.issues.IssueQueries;
import io.flytrap.core.issues.IssueSearch;
import io.flytrap.core.issues.IssueSort;
import io.flytrap.core.issues.IssueStatusService;
import io.flytrap.core.issues.IssueSummary;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@RestController
class IssuesApiController {

    /** @param query the search as it was understood, in its canonical form */
    record IssuePage(List<IssueSummary> items, int offset, int limit, long total, String query) {
    }

    /**
     * @param status         resolved, ignored or unresolved
     * @param inRelease      with resolved: events from releases older than this one do not reopen the issue
     * @param inNextRelease  with resolved, instead of inRelease: resolved in the release after the project's current
     *                       one; events of the current or older releases do not reopen it (Sentry's inNextRelease)
     * @param ignoreMinutes  with ignored: for how long (absent: forever, or until ignoreEvents)
     * @param ignoreEvents   with ignored: for how many further events
     */
    record StatusChange(String status, String inRelease, Boolean inNextRelease, Long ignoreMinutes, Long ignoreEvents) {
    }

    private final IssueQueries issues;
    private final EventQueries events;
    private final IssueStatusService statuses;

    IssuesApiController(IssueQueries issues, EventQueries events, IssueStatusService statuses) {
        this.issues = issues;
        this.events = events;
        this.statuses = statuses;
    }

    /** Triage an issue: resolve it (in a release), ignore it (for a while, for some events) or reopen it. */
    @PatchMapping("/api/v1/issues/{issueId}")
    IssueSummary changeStatus(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long issueId,
                              @RequestBody StatusChange change) {
        String status = change.status() == null ? "" : change.status();
        return switch (status) {
            case "resolved" -> resolve(principal, issueId, change);
            case "ignored" -> statuses.ignore(principal.caller(), issueId,
                    change.ignoreMinutes() == null ? null : Duration.ofMinutes(change.ignoreMinutes()), change.ignoreEvents());
            case "unresolved" -> statuses.reopen(principal.caller(), issueId);
            default -> throw new IllegalArgumentException("status must be resolved, ignored or unresolved");
        };
    }

    private IssueSummary resolve(FlytrapPrincipal principal, long issueId, StatusChange change) {
        if (!Boolean.TRUE.equals(change.inNextRelease())) {
            return statuses.resolve(principal.caller(), issueId, change.inRelease());
        }
        if (change.inRelease() != null) {
            throw new IllegalArgumentException("give inRelease or inNextRelease, not both");
        }
        return statuses.resolveInNextRelease(principal.caller(), issueId);
    }

    /**
     * A project's issues matching a search in Sentry's syntax ({@code query}, see {@link IssueSearch}); a query that
     * cannot be read is a 400 naming the problem. The older single-filter parameters still work: each replaces the
     * query's filters on its key (several status or level values mean any of them).
     *
     * @param query  e.g. {@code is:unresolved level:error !browser:"Chrome 120" has:user.email checkout}; absent:
     *               every issue
     * @param period 24h, 7d, 14d, 30d, 90d or all: last seen within it
     * @param sort   last_seen (default), first_seen, events or users; always descending
     * @param status same as is:…; level, environment, release, browser, os and device as their keys
     * @param unhandled true: handled:no; false: handled:yes
     */
    @GetMapping("/api/v1/projects/{projectId}/issues")
    IssuePage list(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                   @RequestParam(required = false) String query, @RequestParam(defaultValue = "all") String period,
                   @RequestParam(defaultValue = "last_seen") String sort,
                   @RequestParam(required = false) List<String> status, @RequestParam(required = false) List<String> level,
                   @RequestParam(required = false) Boolean unhandled, @RequestParam(required = false) String environment,
                   @RequestParam(required = false) String release, @RequestParam(required = false) String browser,
                   @RequestParam(required = false) String os, @RequestParam(required = false) String device,
                   @RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "50") int limit) {
        if (offset < 0 || limit < 1 || limit > IssueQueries.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("offset must be >= 0 and limit 1 to " + IssueQueries.MAX_PAGE_SIZE);
        }
        Map<String, List<String>> shortcuts = new LinkedHashMap<>();
        shortcuts.put(IssueSearch.IS, status);
        shortcuts.put(IssueSearch.LEVEL, level);
        shortcuts.put(IssueSearch.HANDLED, unhandled == null ? null : List.of(unhandled ? "no" : "yes"));
        shortcuts.put(IssueSearch.ENVIRONMENT, one(environment));
        shortcuts.put(IssueSearch.RELEASE, one(release));
        shortcuts.put("browser", one(browser));
        shortcuts.put("os", one(os));
        shortcuts.put("device", one(device));
        IssueSearch search = IssueSearch.parse(query);
        for (Map.Entry<String, List<String>> shortcut : shortcuts.entrySet()) {
            if (shortcut.getValue() != null && !shortcut.getValue().isEmpty()) {
                search = search.with(shortcut.getKey(), shortcut.getValue());
            }
        }
        IssueFilter filter = new IssueFilter(search, IssuePeriod.ofCode(period).duration(), sortOf(sort));
        return new IssuePage(issues.search(principal.caller(), projectId, filter, offset, limit), offset, limit,
                issues.count(principal.caller(), projectId, filter), search.toQueryString());
    }

    private static List<String> one(String value) {
        return value == null || value.isBlank() ? null : List.of(value.strip());
    }

    @DeleteMapping("/api/v1/issues/{issueId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long issueId) {
        statuses.delete(principal.caller(), issueId);
    }

    private static IssueSort sortOf(String sort) {
        return switch (sort) {
            case "last_seen" -> IssueSort.LAST_SEEN;
            case "first_seen" -> IssueSort.FIRST_SEEN;
            case "events" -> IssueSort.EVENTS;
            case "users" -> IssueSort.USERS;
            default -> throw new IllegalArgumentException("sort must be last_seen, first_seen, events or users");
        };
    }

    @GetMapping("/api/v1/issues/{issueId}")
    IssueSummary get(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long issueId) {
        return issues.get(principal.caller(), issueId);
    }

    /** The most recent event of the issue, normalised. */
    @GetMapping("/api/v1/issues/{issueId}/events/latest")
    Event latestEvent(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long issueId) {
        return events.event(principal.caller(), issueId, null).orElseThrow(() -> new NotFoundException("event")).event();
    }

    /** One event of the issue by its id, with the ids of the next older and newer events. */
    @GetMapping("/api/v1/issues/{issueId}/events/{eventId}")
    EventQueries.EventPage event(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long issueId,
                                 @PathVariable UUID eventId) {
        return events.event(principal.caller(), issueId, eventId).orElseThrow(() -> new NotFoundException("event"));
    }

    /** How tags and context values are distributed over the issue's newest events. */
    @GetMapping("/api/v1/issues/{issueId}/facets")
    List<EventQueries.Facet> facets(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long issueId) {
        return events.facets(principal.caller(), issueId);
    }
}
