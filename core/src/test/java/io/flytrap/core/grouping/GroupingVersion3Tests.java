package io.flytrap.core.grouping;

import io.flytrap.core.crypto.Digests;
import io.flytrap.core.event.Event;
import io.flytrap.core.event.StackFrame;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.flytrap.core.grouping.FingerprinterTests.error;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What grouping version 3 changed (in-app decided as Sentry does) and what it must not change: version 2's
 * fingerprint of the same event, so issues version 2 created keep receiving their events.
 */
class GroupingVersion3Tests {

    /** A frame of a structured stack (Sentry protocol): {@code sdkInApp} null when the SDK left in_app unset. */
    static StackFrame sentryJava(String module, String function, Boolean sdkInApp) {
        return new StackFrame(module.substring(module.lastIndexOf('.') + 1) + ".java", function, module, 10, null,
                sdkInApp == null || sdkInApp, List.of(), sdkInApp);
    }

    static StackFrame sentryFile(String file, String function, Boolean sdkInApp) {
        return new StackFrame(file, function, null, 10, 3, sdkInApp == null || sdkInApp, List.of(), sdkInApp);
    }

    /** What io.sentry:sentry sends for Integer.parseInt("abc") in app code, with io.flytrap as its in-app package. */
    static Event parseIntFromApp(String appMethod) {
        return error("java.lang.NumberFormatException", "For input string: \"abc\"",
                sentryJava("java.lang.Thread", "run", null),
                sentryJava("io.flytrap.shop.Cart", appMethod, true),
                sentryJava("java.lang.Integer", "parseInt", null),
                sentryJava("java.lang.NumberFormatException", "forInputString", null));
    }

    static Grouping group(Event event, InAppRules rules) {
        return Fingerprinter.group(InAppClassifier.classify(event, rules), event);
    }

    @Nested
    class InAppDecisions {

        @Test
        void anUnsetInAppIsNotTheApplicationsWhenNothingSaysSo() {
            StackFrame frame = InAppClassifier.classify(sentryJava("com.example.Worker", "run", null), InAppRules.NONE);
            assertThat(frame.inApp()).as("unset must NOT mean in-app").isFalse();
            assertThat(frame.declaredInApp()).as("undecided, not a library").isNull();
        }

        @Test
        void platformDefaultsMarkRuntimesFrameworksAndInstalledPackagesAsLibraries() {
            for (StackFrame frame : List.of(sentryJava("java.lang.Integer", "parseInt", null),
                    sentryJava("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke", null),
                    sentryJava("org.springframework.web.servlet.FrameworkServlet", "service", null),
                    sentryJava("io.netty.channel.AbstractChannelHandlerContext", "invokeChannelRead", null),
                    sentryJava("kotlin.collections.CollectionsKt", "first", null),
                    sentryFile("/app/node_modules/express/lib/router/layer.js", "handle", null),
                    sentryFile("node:internal/timers", "listOnTimeout", null),
                    sentryFile("/usr/lib/python3/dist-packages/flask/app.py", "wsgi_app", null),
                    sentryFile("/venv/lib/python3.11/site-packages/requests/api.py", "get", null),
                    sentryFile("/usr/lib/python3.11/json/decoder.py", "raw_decode", null))) {
                StackFrame decided = InAppClassifier.classify(frame, InAppRules.NONE);
                assertThat(decided.inApp()).as(frame.file()).isFalse();
                assertThat(decided.declaredInApp()).as(frame.file()).isFalse();
            }
        }

        @Test
        void theSdksExplicitInAppWinsOverDefaultsAndRules() {
            InAppRules excludeShop = new InAppRules(List.of(), List.of("io.flytrap.shop."));
            assertThat(InAppClassifier.classify(sentryJava("org.springframework.Custom", "x", true), excludeShop).inApp()).isTrue();
            assertThat(InAppClassifier.classify(sentryJava("io.flytrap.shop.Cart", "x", true), excludeShop).inApp()).isTrue();
            assertThat(InAppClassifier.classify(sentryFile("/srv/app/cart.js", "x", false),
                    new InAppRules(List.of("/srv/app/"), List.of())).inApp()).isFalse();
        }

        @Test
        void projectRulesWinOverDefaultsAndIncludeWinsOverExclude() {
            InAppRules rules = new InAppRules(List.of("org.apache.ourfork.", "io.flytrap.shop."), List.of("io.flytrap."));
            assertThat(InAppClassifier.classify(sentryJava("org.apache.ourfork.Parser", "parse", null), rules).inApp()).isTrue();
            assertThat(InAppClassifier.classify(sentryJava("io.flytrap.shop.Cart", "pay", null), rules).inApp()).isTrue();
            StackFrame excluded = InAppClassifier.classify(sentryJava("io.flytrap.util.Strings", "trim", null), rules);
            assertThat(excluded.inApp()).isFalse();
            assertThat(excluded.declaredInApp()).isFalse();
            assertThat(InAppClassifier.classify(sentryFile("/app/src/cart.js", "checkout", null),
                    new InAppRules(List.of("/SRC/"), List.of())).inApp()).as("path pieces match regardless of case").isTrue();
        }

        @Test
        void blankAndRepeatedRulesAreDroppedAndOverlongOnesRefused() {
            assertThat(new InAppRules(InAppRules.lines(" com.a.\n\ncom.a.\n"), null).include()).containsExactly("com.a.");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new InAppRules(List.of("x".repeat(InAppRules.MAX_RULE_LENGTH + 1)), List.of()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class MustGroupTogether {

        @Test
        void theSameAppFrameUnderDifferentJdkInternals() {
            Event viaParseInt = parseIntFromApp("quantity");
            Event viaValueOf = error("java.lang.NumberFormatException", "For input string: \"x\"",
                    sentryJava("io.flytrap.shop.Cart", "quantity", true),
                    sentryJava("java.lang.Integer", "valueOf", null),
                    sentryJava("java.lang.Integer", "parseInt", null),
                    sentryJava("java.lang.NumberFormatException", "forInputString", null));
            assertThat(group(viaParseInt, InAppRules.NONE).fingerprint()).isEqualTo(group(viaValueOf, InAppRules.NONE).fingerprint());
        }

        @Test
        void anSdkWithoutInAppPackagesIsGroupedByTheAppsOwnMethodsNotTheJdks() {
            // io.sentry:sentry with no in-app includes: every frame unset
            Event a = error("java.lang.NumberFormatException", "m", sentryJava("com.example.Cart", "quantity", null),
                    sentryJava("java.lang.Integer", "parseInt", null));
            Event b = error("java.lang.NumberFormatException", "m", sentryJava("com.example.Cart", "quantity", null),
                    sentryJava("java.lang.Integer", "valueOf", null), sentryJava("java.lang.Integer", "parseInt", null));
            assertThat(group(a, InAppRules.NONE).fingerprint()).isEqualTo(group(b, InAppRules.NONE).fingerprint());
            assertThat(group(a, InAppRules.NONE).culprit()).isEqualTo("quantity in com.example.Cart");
        }
    }

    @Nested
    class MustStayApart {

        @Test
        void differentAppMethodsFailingInTheSameJdkMethod() {
            assertThat(group(parseIntFromApp("quantity"), InAppRules.NONE).fingerprint())
                    .isNotEqualTo(group(parseIntFromApp("discount"), InAppRules.NONE).fingerprint());
        }
    }

    @Test
    void shouldBlameTheAppFrameNotTheJdk() {
        Grouping grouping = group(parseIntFromApp("quantity"), InAppRules.NONE);

        assertThat(grouping.version()).isEqualTo(3);
        assertThat(grouping.culprit()).as("must NOT be forInputString in java.lang.NumberFormatException")
                .isEqualTo("quantity in io.flytrap.shop.Cart");
    }

    /**
     * Version 2's fingerprint spelled out component by component, as version 2 computed it: unset in_app taken
     * as in-app, so the JDK frames are part of it. If this changes, every issue version 2 created splits.
     */
    @Test
    void shouldComputeVersionTwoExactlyAsVersionTwoDid() {
        Event event = parseIntFromApp("quantity");

        Grouping grouping = group(event, new InAppRules(List.of(), List.of("io.flytrap.", "java.lang.Thread")));

        String version2 = Digests.sha256Hex(String.join("\n", "type:java.lang.NumberFormatException",
                "frame:java.lang.Thread:run", "frame:io.flytrap.shop.Cart:quantity", "frame:java.lang.Integer:parseInt",
                "frame:java.lang.NumberFormatException:forInputString"));
        assertThat(grouping.previous()).first().satisfies(previous -> {
            assertThat(previous.version()).isEqualTo(2);
            assertThat(previous.fingerprint()).as("project rules and in-app defaults must NOT reach version 2").isEqualTo(version2);
        });
        assertThat(grouping.fingerprint()).isNotEqualTo(version2);
    }
}
