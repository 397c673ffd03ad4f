package io.flytrap.sdk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DsnTests {

    @Test
    void shouldReadKeyHostAndProjectIntoTheNativeEndpoint() {
        Dsn dsn = Dsn.parse("https://abc123@errors.example.com/42");
        assertThat(dsn.endpoint()).hasToString("https://errors.example.com/api/errors");
        assertThat(dsn.publicKey()).isEqualTo("abc123");
        assertThat(dsn.projectId()).isEqualTo(42);
    }

    @Test
    void shouldKeepPortAndPathPrefix() {
        assertThat(Dsn.parse("http://k@127.0.0.1:8080/flytrap/7/").endpoint()).hasToString("http://127.0.0.1:8080/flytrap/api/errors");
    }

    @Test
    void shouldRefuseDsnsWithoutKeyOrProject() {
        assertThatThrownBy(() -> Dsn.parse("https://errors.example.com/42")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dsn.parse("https://k@errors.example.com/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dsn.parse("https://k@errors.example.com/0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadRetryAfterAsSecondsOrDateAndFallBackToAMinute() {
        assertThat(Delivery.retryAfterMillis("2")).isEqualTo(2000);
        assertThat(Delivery.retryAfterMillis(null)).isEqualTo(60_000);
        assertThat(Delivery.retryAfterMillis("soon")).isEqualTo(60_000);
        assertThat(Delivery.retryAfterMillis("Infinity")).isEqualTo(60_000);
        assertThat(Delivery.retryAfterMillis("Wed, 21 Oct 2015 07:28:00 GMT")).isZero();
    }
}
