package io.flytrap.core.scrubbing;

import io.flytrap.core.event.Event;
import io.flytrap.core.protocol.InvalidPayloadException;
import io.flytrap.core.protocol.SentryEventParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ScrubberTests {

    static final String SECRET_EVENT = """
            {"message": "charge failed for card 4111 1111 1111 1111 with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc.def",
             "exception": {"values": [{"type": "PaymentError", "value": "card 5555555555554444 declined"}]},
             "request": {"url": "https://shop.example/pay?order=42&api_key=sk_live_abcdef&token=t0k3n",
                         "headers": {"Authorization": "Basic dXNlcjpwYXNz", "Cookie": "session=abc", "Accept": "text/html",
                                     "X-Api-Key": "k-123"},
                         "query_string": "order=42&password=hunter2"},
             "user": {"id": "u1", "ip_address": "203.0.113.5"},
             "tags": {"region": "eu", "auth_mode": "oauth"},
             "contexts": {"db": {"host": "db1", "password": "hunter2", "nested": {"mysql_pwd": "x", "port": 5432}},
                          "app": {"author": "Ada", "build": "1764151200123"}},
             "breadcrumbs": [{"message": "GET /pay with token abcdefghijklmnop", "data": {"client_secret": "s", "status": "200"}}]}""";

    private static Event event() throws InvalidPayloadException {
        return new SentryEventParser().parse(SECRET_EVENT.getBytes(StandardCharsets.UTF_8), 1, UUID.randomUUID(), Instant.EPOCH);
    }

    @Test
    void shouldMaskSecretsEverywhereAndRecordWhereButNeverWhat() throws Exception {
        Event scrubbed = Scrubber.scrub(event(), ScrubbingSettings.DEFAULT);

        assertThat(scrubbed.message()).doesNotContain("4111").doesNotContain("eyJhbGci").contains("[Filtered]");
        assertThat(scrubbed.primaryException().message()).isEqualTo("card [Filtered] declined");
        assertThat(scrubbed.request().url()).isEqualTo("https://shop.example/pay?order=42&api_key=[Filtered]&token=[Filtered]");
        assertThat(scrubbed.request().queryString()).isEqualTo("order=42&password=[Filtered]");
        assertThat(scrubbed.request().headers()).containsEntry("Authorization", "[Filtered]")
                .containsEntry("Cookie", "[Filtered]").containsEntry("X-Api-Key", "[Filtered]").containsEntry("Accept", "text/html");
        assertThat(scrubbed.tags()).containsEntry("region", "eu").containsEntry("auth_mode", "[Filtered]");
        assertThat(scrubbed.contexts().get("db")).containsEntry("password", "[Filtered]").containsEntry("host", "db1");
        assertThat(scrubbed.contexts().get("db").get("nested").toString()).contains("mysql_pwd=[Filtered]").contains("port=5432");
        assertThat(scrubbed.contexts().get("app")).as("author is not auth; a timestamp is not a card")
                .containsEntry("author", "Ada").containsEntry("build", "1764151200123");
        assertThat(scrubbed.breadcrumbs().getFirst().message()).doesNotContain("abcdefghijklmnop");
        assertThat(scrubbed.breadcrumbs().getFirst().data()).containsEntry("client_secret", "[Filtered]").containsEntry("status", "200");
        assertThat(scrubbed.filtered()).contains("request.headers.Authorization", "contexts.db.password", "tags.auth_mode", "message");
        assertThat(String.join(",", scrubbed.filtered())).doesNotContain("hunter2").doesNotContain("4111");
        assertThat(scrubbed.user().ipAddress()).as("addresses stay unless the project removes them").isEqualTo("203.0.113.5");
    }

    @Test
    void shouldRemoveAddressesWhenTheProjectAsks() throws Exception {
        Event scrubbed = Scrubber.scrub(event(), new ScrubbingSettings(true, true));

        assertThat(scrubbed.user().ipAddress()).isNull();
        assertThat(scrubbed.client().ip()).isNull();
        assertThat(scrubbed.user().id()).isEqualTo("u1");
        assertThat(scrubbed.filtered()).contains("user.ip_address");
    }

    static final String PROXIED_EVENT = """
            {"message": "m", "user": {"ip_address": "203.0.113.5"},
             "request": {"url": "https://shop.example/cart", "method": "POST",
                         "headers": {"X-Forwarded-For": "203.0.113.5, 10.0.0.1", "x-real-ip": "203.0.113.5",
                                     "FORWARDED": "for=203.0.113.5;proto=https", "CF-Connecting-IP": "203.0.113.5",
                                     "True-Client-IP": "203.0.113.5", "X-Client-IP": "203.0.113.5",
                                     "Fastly-Client-IP": "203.0.113.5", "X-Cluster-Client-IP": "203.0.113.5",
                                     "REMOTE_ADDR": "203.0.113.5", "Accept": "text/html", "X-Forwarded-Proto": "https"},
                         "cookies": "connect.sid=s%3Aabc; theme=dark",
                         "data": {"quantity": 2, "card": {"number": "4111 1111 1111 1111", "cvc_token": "x"}}}}""";

    private static Event proxied() throws InvalidPayloadException {
        return new SentryEventParser().parse(PROXIED_EVENT.getBytes(StandardCharsets.UTF_8), 1, UUID.randomUUID(), Instant.EPOCH);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldRemoveTheProxyHeadersThatRepeatTheAddressWithTheAddress(boolean maskSecrets) throws Exception {
        Event scrubbed = Scrubber.scrub(proxied(), new ScrubbingSettings(maskSecrets, true));

        assertThat(scrubbed.request().headers()).as("whatever the case or spelling").containsOnlyKeys("Accept", "X-Forwarded-Proto");
        assertThat(scrubbed.toString()).doesNotContain("203.0.113.5");
        assertThat(scrubbed.filtered()).contains("request.headers.X-Forwarded-For", "request.headers.x-real-ip",
                "request.headers.FORWARDED", "request.headers.CF-Connecting-IP", "request.headers.REMOTE_ADDR");
    }

    @Test
    void shouldKeepProxyHeadersWhenTheProjectKeepsAddresses() throws Exception {
        Event scrubbed = Scrubber.scrub(proxied(), ScrubbingSettings.DEFAULT);

        assertThat(scrubbed.request().headers()).containsEntry("X-Forwarded-For", "203.0.113.5, 10.0.0.1")
                .containsEntry("CF-Connecting-IP", "203.0.113.5");
        assertThat(scrubbed.request().method()).isEqualTo("POST");
    }

    @Test
    void shouldMaskEveryCookieValueAndSecretsInTheBody() throws Exception {
        Event scrubbed = Scrubber.scrub(proxied(), ScrubbingSettings.DEFAULT);

        assertThat(scrubbed.request().cookies()).as("names stay, values go: a session hides under any name")
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("connect.sid", "[Filtered]", "theme", "[Filtered]"));
        assertThat(scrubbed.request().data().toString()).contains("quantity=2").doesNotContain("4111")
                .contains("cvc_token=[Filtered]");
        assertThat(scrubbed.filtered()).contains("request.cookies.connect.sid", "request.data.card.cvc_token");
    }

    @Test
    void shouldLeaveEverythingWhenScrubbingIsOff() throws Exception {
        Event original = event();

        assertThat(Scrubber.scrub(original, new ScrubbingSettings(false, false))).isSameAs(original);
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "PASSWORD", "user_password", "passwd", "secret", "clientSecret", "api_key", "apiKey",
            "X-Api-Key", "token", "access_token", "Authorization", "auth", "credentials", "private_key", "mysql_pwd", "otp",
            "Cookie", "Set-Cookie", "sessionid", "csrf_token"})
    void shouldTreatTheseNamesAsSensitive(String name) {
        assertThat(SensitiveNames.isSensitive(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"author", "authors", "region", "host", "order_id", "user", "tokenizer_name_length", "passage"})
    void shouldLeaveTheseNamesAlone(String name) {
        assertThat(SensitiveNames.isSensitive(name)).isFalse();
    }

    @Test
    void shouldMaskSensitiveAssignmentsInText() {
        var filtered = new java.util.ArrayList<String>();

        assertThat(SensitiveText.scrub("connect failed: password=hunter2 user=ada, db_password: 's3 cret' api-key=k1",
                filtered, "message")).isEqualTo("connect failed: password=[Filtered] user=ada, db_password: [Filtered] api-key=[Filtered]");
        assertThat(filtered).containsExactly("message");
    }

    @Test
    void shouldOnlyMaskLuhnValidCardNumbers() {
        assertThat(SensitiveText.luhnValid("4111111111111111")).isTrue();
        assertThat(SensitiveText.luhnValid("4111111111111112")).isFalse();
        var filtered = new java.util.ArrayList<String>();
        assertThat(SensitiveText.scrub("order 4111111111111112 shipped", filtered, "m")).isEqualTo("order 4111111111111112 shipped");
        assertThat(filtered).isEmpty();
    }
}
