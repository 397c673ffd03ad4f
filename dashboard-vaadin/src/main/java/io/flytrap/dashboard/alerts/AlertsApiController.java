package io.flytrap.dashboard.alerts;

import io.flytrap.core.alerts.AlertChannel;
import io.flytrap.core.alerts.AlertChannelService;
import io.flytrap.core.alerts.AlertChannelService.CreatedChannel;
import io.flytrap.core.alerts.AlertRule;
import io.flytrap.core.alerts.AlertRuleService;
import io.flytrap.core.alerts.AlertRuleService.RuleRequest;
import io.flytrap.core.alerts.Notification;
import io.flytrap.core.alerts.NotificationService;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** A project's alert rules, channels and notifications, for its members. */
@RestController
@RequestMapping("/api/v1/projects/{projectId}")
class AlertsApiController {

    record ChannelRequest(String kind, String name, String url, Boolean enabled) {
    }

    private final AlertRuleService rules;
    private final AlertChannelService channels;
    private final NotificationService notifications;

    AlertsApiController(AlertRuleService rules, AlertChannelService channels, NotificationService notifications) {
        this.rules = rules;
        this.channels = channels;
        this.notifications = notifications;
    }

    @GetMapping("/alert-rules")
    List<AlertRule> rules(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId) {
        return rules.list(principal.caller(), projectId);
    }

    @PostMapping("/alert-rules")
    @ResponseStatus(HttpStatus.CREATED)
    AlertRule createRule(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                         @RequestBody RuleRequest request) {
        return rules.create(principal.caller(), projectId, request);
    }

    @PatchMapping("/alert-rules/{ruleId}")
    AlertRule updateRule(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                         @PathVariable long ruleId, @RequestBody RuleRequest request) {
        return rules.update(principal.caller(), projectId, ruleId, request);
    }

    @DeleteMapping("/alert-rules/{ruleId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteRule(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId, @PathVariable long ruleId) {
        rules.delete(principal.caller(), projectId, ruleId);
    }

    @GetMapping("/alert-channels")
    List<AlertChannel> channels(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId) {
        return channels.list(principal.caller(), projectId);
    }

    /** A webhook's signing secret is in this answer only. */
    @PostMapping("/alert-channels")
    @ResponseStatus(HttpStatus.CREATED)
    CreatedChannel createChannel(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                                 @RequestBody ChannelRequest request) {
        return channels.create(principal.caller(), projectId, request.kind(), request.name(), request.url());
    }

    @PatchMapping("/alert-channels/{channelId}")
    AlertChannel updateChannel(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                               @PathVariable long channelId, @RequestBody ChannelRequest request) {
        return channels.update(principal.caller(), projectId, channelId, request.name(), request.url(), request.enabled());
    }

    @DeleteMapping("/alert-channels/{channelId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteChannel(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                       @PathVariable long channelId) {
        channels.delete(principal.caller(), projectId, channelId);
    }

    /** Queues a test alert through the channel (e-mail: to the caller only). */
    @PostMapping("/alert-channels/{channelId}/test")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void test(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId, @PathVariable long channelId) {
        notifications.sendTest(principal.caller(), projectId, channelId);
    }

    @GetMapping("/notifications")
    List<Notification> notifications(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
                                      @RequestParam(required = false) String state) {
        return notifications.list(principal.caller(), projectId, state);
    }

    @PostMapping("/notifications/{notificationId}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void retry(@AuthenticationPrincipal FlytrapPrincipal principal, @PathVariable long projectId,
               @PathVariable long notificationId) {
        notifications.retry(principal.caller(), projectId, notificationId);
    }
}
