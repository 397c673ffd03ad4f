package io.flytrap.sdk;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The privacy rules on their own: what is filtered, whatever shape the app's data has. */
class PrivacyTests {

    @Test
    void shouldFilterAnythingUnderASecretKeyNotOnlyScalars() {
        Object scrubbed = Privacy.scrub(Map.of(
                "tokens", List.of("t-1", "t-2"),
                "credentials", Map.of("user", "ada", "pw", "hunter2"),
                "api_keys", new String[] {"k-1"},
                "session", Set.of("s-1")), 0);

        assertThat(scrubbed).isEqualTo(Map.of("tokens", "[Filtered]", "credentials", "[Filtered]",
                "api_keys", "[Filtered]", "session", "[Filtered]"));
    }

    @Test
    void shouldWalkSetsArraysAndOtherCollections() {
        Map<String, Object> secret = Map.of("password", "hunter2", "name", "ada");
        Object scrubbed = Privacy.scrub(Map.of(
                "set", Set.of(secret),
                "array", new Object[] {secret},
                "deque", new ArrayDeque<>(List.of(secret))), 0);

        String json = Json.write(scrubbed);
        assertThat(json).doesNotContain("hunter2").contains("ada");
        Map<String, Object> filtered = Map.of("password", "[Filtered]", "name", "ada");
        assertThat(scrubbed).isEqualTo(Map.of("set", List.of(filtered), "array", List.of(filtered),
                "deque", List.of(filtered)));
    }

    @Test
    void shouldTreatAQueryStringAsOneEvenWhenAValueHoldsAUrl() {
        assertThat(Privacy.queryString("access_token=SECRET&redirect_uri=https://app/cb"))
                .isEqualTo("access_token=[Filtered]&redirect_uri=https://app/cb");
        assertThat(Privacy.url("https://app/login?access_token=SECRET&redirect_uri=https://app/cb"))
                .isEqualTo("https://app/login?access_token=[Filtered]&redirect_uri=https://app/cb");
    }

    @Test
    void shouldStripUserInfoFromUrls() {
        assertThat(Privacy.url("https://ada:hunter2@db.example:5432/x?page=1")).isEqualTo("https://db.example:5432/x?page=1");
        assertThat(Privacy.url("https://db.example/x?mail=a@b.example")).isEqualTo("https://db.example/x?mail=a@b.example");
    }

    @Test
    void shouldDropEveryClientIpHeaderUnlessPersonalDataIsAllowed() {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (String name : List.of("Forwarded", "True-Client-IP", "CF-Connecting-IP", "X-Client-IP",
                "Fastly-Client-IP", "X-Forwarded-For", "X-Real-IP")) {
            headers.put(name, "203.0.113.9");
        }
        headers.put("Accept", "text/html");

        assertThat(Privacy.headers(headers, false)).containsOnlyKeys("Accept");
        assertThat(Privacy.headers(headers, true)).hasSize(8);
    }
}
