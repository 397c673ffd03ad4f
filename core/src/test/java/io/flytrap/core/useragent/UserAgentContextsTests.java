package io.flytrap.core.useragent;

import io.flytrap.core.event.ClientInfo;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.Level;
import io.flytrap.core.event.RequestInfo;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class UserAgentContextsTests {

    /** Safari on an iPhone with iOS 17.4, as that browser sends it. */
    static final String IPHONE_SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    /** Chrome 120 on Windows 10/11, as that browser sends it. */
    static final String WINDOWS_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/120.0.6099.130 Safari/537.36";

    final UserAgentContexts userAgents = new UserAgentContexts();

    static Event event(Map<String, String> headers, ClientInfo client, Map<String, Map<String, Object>> contexts) {
        return new Event(UUID.randomUUID(), 1, Instant.EPOCH, Instant.EPOCH, Level.ERROR, false, "javascript", List.of(),
                "boom", null, null, null, headers == null ? null : new RequestInfo("GET", "https://shop.example/", null, headers),
                client, null, Map.of(), contexts, List.of(), List.of(), null, List.of(), Map.of());
    }

    @Test
    void shouldDeriveBrowserOsAndDeviceFromAPhonesUserAgent() {
        Event derived = userAgents.addMissingContexts(event(Map.of("User-Agent", IPHONE_SAFARI), null, Map.of()));

        assertThat(derived.contexts().get("browser")).containsEntry("name", "Mobile Safari").containsEntry("version", "17.4")
                .containsEntry("type", "browser");
        assertThat(derived.contexts().get("os")).containsEntry("name", "iOS").containsEntry("version", "17.4");
        assertThat(derived.contexts().get("device")).containsEntry("family", "iPhone");
        assertThat(derived.client().browser()).isEqualTo("Mobile Safari 17.4");
        assertThat(derived.client().os()).isEqualTo("iOS 17.4");
    }

    @Test
    void shouldNotGuessADeviceForADesktopBrowser() {
        Event derived = userAgents.addMissingContexts(event(Map.of("user-agent", WINDOWS_CHROME), null, Map.of()));

        assertThat(derived.contexts().get("browser")).containsEntry("name", "Chrome").containsEntry("version", "120.0.6099");
        assertThat(derived.contexts().get("os")).containsEntry("name", "Windows").containsEntry("version", "10");
        assertThat(derived.contexts()).as("uap-core says 'Other': no device context, not one named Other")
                .doesNotContainKey("device");
    }

    @Test
    void shouldNeverReplaceContextsOrNamesTheSdkSent() {
        Map<String, Object> sentBrowser = Map.of("name", "Shop WebView", "version", "3");
        Event sent = event(Map.of("User-Agent", IPHONE_SAFARI), new ClientInfo("203.0.113.9", null, "Shop WebView 3", null),
                Map.of("browser", sentBrowser));

        Event derived = userAgents.addMissingContexts(sent);

        assertThat(derived.contexts().get("browser")).as("the SDK's own browser context, untouched").isEqualTo(sentBrowser);
        assertThat(derived.client().browser()).isEqualTo("Shop WebView 3");
        assertThat(derived.client().ip()).isEqualTo("203.0.113.9");
        assertThat(derived.contexts().get("os")).as("what the SDK left out is still derived").containsEntry("name", "iOS");
    }

    @Test
    void shouldLeaveTheEventAsItIsWhenEveryContextWasSent() {
        Event sent = event(Map.of("User-Agent", IPHONE_SAFARI), null, Map.of("browser", Map.of("name", "A"),
                "os", Map.of("name", "B"), "device", Map.of("family", "C")));

        assertThat(userAgents.addMissingContexts(sent)).isSameAs(sent);
    }

    @Test
    void shouldAddNothingForAMissingGarbageOrOverlongUserAgent() {
        List<Event> nothingToRead = List.of(
                event(null, null, Map.of()),
                event(Map.of("Accept", "text/html"), null, Map.of()),
                event(Map.of("User-Agent", ""), null, Map.of()),
                event(Map.of("User-Agent", "%%%<script>alert(1)</script>\u0000;;;"), null, Map.of()),
                event(Map.of("User-Agent", WINDOWS_CHROME + " ".repeat(UserAgentContexts.MAX_LENGTH)), null, Map.of()));

        for (Event event : nothingToRead) {
            assertThat(userAgents.addMissingContexts(event)).as("no context, no error, no change").isSameAs(event);
        }
    }
}
