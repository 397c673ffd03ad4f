package io.flytrap.core.grouping;

import io.flytrap.core.event.ClientInfo;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.ExceptionInfo;
import io.flytrap.core.event.Level;
import io.flytrap.core.event.StackFrame;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprinterTests {

    private static Event event(String type, String message, StackFrame... frames) {
        return new Event(UUID.randomUUID(), 1, Instant.EPOCH, Instant.EPOCH, Level.ERROR, false, "javascript",
                List.of(new ExceptionInfo(type, message, List.of(frames), null)), null, null, null, null, null,
                new ClientInfo(null, null, null, null), null, null, null, null, null, null, null);
    }

    private static StackFrame frame(String file, String function, int line, boolean inApp) {
        return new StackFrame(file, function, null, line, 1, inApp, List.of());
    }

    @Test
    void shouldGroupSameTypeAndThrowingFunctionDespiteOtherLinesMessagesAndBundleHashes() {
        Grouping a = Fingerprinter.group(event("TypeError", "x is undefined",
                frame("https://a.example/js/main.3f9a8b7c.js?v=1", "render", 10, true)));
        Grouping b = Fingerprinter.group(event("TypeError", "y is undefined",
                frame("https://b.example/js/main.99aa77cc.js", "render", 250, true)));

        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
        assertThat(a.version()).isEqualTo(Fingerprinter.VERSION);
    }

    @Test
    void shouldSeparateDifferentTypesAndDifferentThrowingFunctions() {
        Grouping base = Fingerprinter.group(event("TypeError", "m", frame("app.js", "render", 1, true)));

        assertThat(Fingerprinter.group(event("RangeError", "m", frame("app.js", "render", 1, true))).fingerprint())
                .isNotEqualTo(base.fingerprint());
        assertThat(Fingerprinter.group(event("TypeError", "m", frame("app.js", "save", 1, true))).fingerprint())
                .isNotEqualTo(base.fingerprint());
    }

    @Test
    void shouldPreferTheInnermostApplicationFrameOverLibraryFrames() {
        Grouping grouping = Fingerprinter.group(event("Error", "m",
                frame("/app/src/cart.js", "checkout", 5, true),
                frame("/app/node_modules/lib/index.js", "validate", 9, false)));

        assertThat(grouping.culprit()).isEqualTo("checkout (/app/src/cart.js)");
    }

    @Test
    void shouldGroupFramelessErrorsByMessageWithNumbersAndIdsNormalised() {
        Grouping a = Fingerprinter.group(event("NotFound", "user 42 not found (request 3f2a9c1d-0000-4000-8000-00000000abcd, hash deadbeef12)"));
        Grouping b = Fingerprinter.group(event("NotFound", "user 7 not found (request 11111111-2222-4333-8444-555555555555, hash 00ff00ff99)"));
        Grouping other = Fingerprinter.group(event("NotFound", "order 7 not found"));

        assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
        assertThat(other.fingerprint()).isNotEqualTo(a.fingerprint());
        assertThat(Fingerprinter.normalizeMessage("user 42 took 1.5s")).isEqualTo("user <n> took <n>s");
    }

    @Test
    void shouldTitleWithTypeAndFirstLineOfMessageWithinTheLimit() {
        assertThat(Fingerprinter.group(event("TypeError", "bad\nsecond line")).title()).isEqualTo("TypeError: bad");
        assertThat(Fingerprinter.group(event("TypeError", "x".repeat(500))).title()).hasSize(Fingerprinter.MAX_TITLE_LENGTH);
        assertThat(Fingerprinter.group(event("TypeError", "")).title()).isEqualTo("TypeError");
    }
}
