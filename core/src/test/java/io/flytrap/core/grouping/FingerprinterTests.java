package io.flytrap.core.grouping;

import io.flytrap.core.event.ClientInfo;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.ExceptionInfo;
import io.flytrap.core.event.Level;
import io.flytrap.core.event.StackFrame;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grouping test vectors: pairs of events that must be one issue, and pairs that must stay apart. They are the
 * specification of grouping version 2, and still hold for version 3 (docs/grouping.md lists them for users;
 * GroupingVersion3Tests adds what version 3 changed).
 */
class FingerprinterTests {

    static Event event(List<ExceptionInfo> chain, String message, List<String> fingerprint) {
        return new Event(UUID.randomUUID(), 1, Instant.EPOCH, Instant.EPOCH, Level.ERROR, false, "javascript",
                chain, message, null, null, null, null, new ClientInfo(null, null, null, null), null, null, null, null,
                fingerprint, null, null, null);
    }

    static Event error(String type, String message, StackFrame... frames) {
        return event(List.of(new ExceptionInfo(type, message, List.of(frames), null)), null, null);
    }

    static Event logMessage(String message) {
        return event(List.of(), message, null);
    }

    static StackFrame js(String file, String function, int line, boolean inApp) {
        return new StackFrame(file, function, null, line, 7, inApp, List.of());
    }

    static StackFrame java(String module, String function, int line, boolean inApp) {
        return new StackFrame(module.substring(module.lastIndexOf('.') + 1) + ".java", function, module, line, null, inApp, List.of());
    }

    static String fp(Event event) {
        return Fingerprinter.group(event).fingerprint();
    }

    @Nested
    class MustGroupTogether {

        @Test
        void sameTypeAndFramesAtOtherLinesInOtherBuilds() {
            assertThat(fp(error("TypeError", "x is undefined",
                    js("https://a.example/js/main.3f9a8b7c.js?v=1", "render", 10, true), js("https://a.example/js/main.3f9a8b7c.js", "onClick", 99, true))))
                    .isEqualTo(fp(error("TypeError", "y is undefined",
                            js("https://cdn.example/js/main.99aa77cc.js", "render", 250, true), js("https://cdn.example/js/main.99aa77cc.js", "onClick", 3, true))));
        }

        @Test
        void differentLibraryFramesAroundTheSameApplicationFrames() {
            assertThat(fp(error("Error", "m", js("/node_modules/react-dom/a.js", "commit", 1, false), js("/src/cart.js", "checkout", 5, true))))
                    .isEqualTo(fp(error("Error", "m", js("/node_modules/react-dom/b.js", "flush", 9, false), js("/src/cart.js", "checkout", 6, true))));
        }

        @Test
        void deeperRecursionOfTheSameFunction() {
            StackFrame walk = js("/src/tree.js", "walk", 3, true);
            assertThat(fp(error("RangeError", "Maximum call stack size exceeded", walk, walk)))
                    .isEqualTo(fp(error("RangeError", "Maximum call stack size exceeded", walk, walk, walk, walk)));
        }

        @Test
        void theSameCallEnteredFromTopLevelCodeOrFromACallback() {
            StackFrame checkout = js("/srv/app/cart.mjs", "checkout", 12, true);
            assertThat(fp(error("TypeError", "m", js("/srv/app/cart.mjs", null, 40, true), checkout)))
                    .isEqualTo(fp(error("TypeError", "m", js("node:internal/timers", "listOnTimeout", 1, false),
                            js("/srv/app/cart.mjs", "<anonymous>", 44, true), checkout)));
        }

        @Test
        void aFunctionCalledByATimerAndByOwnCode() {
            StackFrame checkout = js("/srv/app/send.mjs", "checkout", 12, true);
            assertThat(fp(error("TypeError", "m", js("/srv/app/send.mjs", "?", 40, true),
                    js("/srv/app/send.mjs", "handleRequest", 20, true), checkout)))
                    .isEqualTo(fp(error("TypeError", "m", js("node:internal/timers", "listOnTimeout", 1, false),
                            js("/srv/app/send.mjs", "Timeout.handleRequest [as _onTimeout]", 20, true), checkout)));
        }

        @Test
        void javaLambdasAndProxiesWithOtherCompilerNumbers() {
            assertThat(fp(error("java.lang.IllegalStateException", "boom",
                    java("com.shop.Cart$$SpringCGLIB$$0", "lambda$checkout$12", 40, true))))
                    .isEqualTo(fp(error("java.lang.IllegalStateException", "boom",
                            java("com.shop.Cart$$SpringCGLIB$$1", "lambda$checkout$3", 41, true))));
        }

        @Test
        void framelessErrorsWhoseMessagesDifferOnlyInVariableParts() {
            assertThat(fp(error("NotFound", "user 42 (ada@example.com) at https://api.example/u/42 from 10.0.0.7 req 3f2a9c1d-0000-4000-8000-00000000abcd hash deadbeef12 'Ada'")))
                    .isEqualTo(fp(error("NotFound", "user 7 (bob@example.org) at https://api.example/u/7 from 192.168.1.20 req 11111111-2222-4333-8444-555555555555 hash 00ff00ff99 'Bob'")));
        }

        @Test
        void logMessagesThatDifferOnlyInNumbers() {
            assertThat(fp(logMessage("Payment retry 3 of 5 failed after 1.5s"))).isEqualTo(fp(logMessage("Payment retry 4 of 5 failed after 2.25s")));
        }

        @Test
        void explicitFingerprintsRegardlessOfStack() {
            Event a = event(List.of(new ExceptionInfo("DbError", "a", List.of(js("/src/a.js", "x", 1, true)), null)), null, List.of("database-down"));
            Event b = event(List.of(new ExceptionInfo("TimeoutError", "b", List.of(js("/src/b.js", "y", 2, true)), null)), null, List.of("database-down"));
            assertThat(fp(a)).isEqualTo(fp(b));
        }
    }

    @Nested
    class MustStayApart {

        @Test
        void differentExceptionTypes() {
            assertThat(fp(error("TypeError", "m", js("app.js", "render", 1, true))))
                    .isNotEqualTo(fp(error("RangeError", "m", js("app.js", "render", 1, true))));
        }

        @Test
        void differentThrowingFunctions() {
            assertThat(fp(error("TypeError", "m", js("app.js", "render", 1, true))))
                    .isNotEqualTo(fp(error("TypeError", "m", js("app.js", "save", 1, true))));
        }

        @Test
        void sameFunctionNameInDifferentFiles() {
            assertThat(fp(error("TypeError", "m", js("/src/cart.js", "init", 1, true))))
                    .isNotEqualTo(fp(error("TypeError", "m", js("/src/user.js", "init", 1, true))));
        }

        @Test
        void sameErrorReachedThroughDifferentApplicationCode() {
            StackFrame thrower = js("/src/api.js", "request", 9, true);
            assertThat(fp(error("Error", "m", js("/src/cart.js", "checkout", 1, true), thrower)))
                    .isNotEqualTo(fp(error("Error", "m", js("/src/profile.js", "save", 1, true), thrower)));
        }

        @Test
        void anonymousCodeInDifferentFilesWhenNothingHasAName() {
            assertThat(fp(error("TypeError", "m", js("/static/a.js", null, 1, true))))
                    .isNotEqualTo(fp(error("TypeError", "m", js("/static/b.js", null, 1, true))));
        }

        @Test
        void framelessErrorsWithDifferentWording() {
            assertThat(fp(error("NotFound", "user 42 not found"))).isNotEqualTo(fp(error("NotFound", "order 42 not found")));
        }

        @Test
        void explicitFingerprintsThatDiffer() {
            Event base = error("DbError", "a", js("/src/a.js", "x", 1, true));
            Event withDefault = event(base.exceptions(), null, List.of("{{ default }}", "tenant-a"));
            Event otherTenant = event(base.exceptions(), null, List.of("{{default}}", "tenant-b"));
            assertThat(fp(withDefault)).isNotEqualTo(fp(otherTenant)).isNotEqualTo(fp(base));
        }

        @Test
        void differentCausesInAChain() {
            ExceptionInfo outer = new ExceptionInfo("ServiceException", "failed", List.of(java("com.shop.Service", "run", 1, true)), null);
            ExceptionInfo io = new ExceptionInfo("IOException", "disk", List.of(java("com.shop.Disk", "write", 1, true)), null);
            ExceptionInfo sql = new ExceptionInfo("SQLException", "db", List.of(java("com.shop.Db", "query", 1, true)), null);
            assertThat(fp(event(List.of(io, outer), null, null))).isNotEqualTo(fp(event(List.of(sql, outer), null, null)));
        }
    }

    @Test
    void shouldExpandTheDefaultPlaceholderToTheDefaultGrouping() {
        Event base = error("DbError", "a", js("/src/a.js", "x", 1, true));
        Event onlyDefault = event(base.exceptions(), null, List.of("{{ default }}"));

        assertThat(fp(onlyDefault)).isEqualTo(fp(base));
    }

    @Test
    void shouldTitleAndBlameLikeTheToolsUsersKnow() {
        Grouping grouping = Fingerprinter.group(error("TypeError", "x is not a function\nat line 2",
                js("/node_modules/lib/index.js", "call", 1, false), js("https://shop.example/static/cart.3f9a8b7c.js", "checkout", 4, true)));

        assertThat(grouping.title()).isEqualTo("TypeError: x is not a function");
        assertThat(grouping.culprit()).isEqualTo("checkout in cart.js");
        assertThat(Fingerprinter.group(error("IllegalStateException", "", java("com.shop.Cart", "pay", 3, true))).culprit())
                .isEqualTo("pay in com.shop.Cart");
        assertThat(Fingerprinter.group(error("TypeError", "x".repeat(500))).title()).hasSize(Fingerprinter.MAX_TITLE_LENGTH);
        assertThat(Fingerprinter.group(logMessage(null)).title()).isEqualTo("<no message>");
    }

    @Test
    void shouldOfferTheVersionTwoAndOneFingerprintsSoOldIssuesKeepTheirEvents() {
        Event event = error("TypeError", "m", js("app.js", "render", 1, true));

        Grouping grouping = Fingerprinter.group(event);

        assertThat(grouping.version()).isEqualTo(3);
        assertThat(grouping.previous()).extracting(Grouping.Previous::version).as("newest first: the lookup takes the first that exists")
                .containsExactly(2, 1);
        assertThat(grouping.previous().getLast().fingerprint()).isEqualTo(GroupingV1.fingerprint(event)).isNotEqualTo(grouping.fingerprint());
    }

    @Test
    void shouldNormaliseVariablePartsOfMessages() {
        assertThat(Normalize.message("GET https://x.example/a?id=5 by ada@example.com from 10.1.2.3:8080 took 1.5s, key 'abc' 0xdeadbeef"))
                .isEqualTo("GET <url> by <email> from <ip> took <n>s, key <quoted> <hex>");
    }
}
