package io.flytrap.dashboard.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caching policy alone, on a clock the test moves: a failure is kept only for the back-off, a success for
 * good. The discovery itself is a plain function here (the network path runs in SsoProviderDownTests).
 */
class LazyClientRegistrationsTests {

    static final ClientRegistration REGISTRATION = ClientRegistration.withRegistrationId("oidc").clientId("flytrap")
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE).redirectUri("{baseUrl}/login/oauth2/code/oidc")
            .authorizationUri("http://idp.example/authorize").tokenUri("http://idp.example/token").build();

    /** A clock the test sets. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-07T03:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void shouldRetryAFailedDiscoveryOnlyAfterTheBackOffAndKeepASuccess() {
        MovableClock clock = new MovableClock();
        AtomicInteger calls = new AtomicInteger();
        boolean[] up = {false};
        LazyClientRegistrations registrations = new LazyClientRegistrations("oidc", () -> {
            calls.incrementAndGet();
            if (!up[0]) {
                throw new IllegalArgumentException("Unable to resolve the Configuration with the provided Issuer");
            }
            return REGISTRATION;
        }, clock);

        assertThat(calls).as("nothing is read before first use").hasValue(0);
        assertThat(registrations.findByRegistrationId("oidc")).isNull();
        assertThat(calls).hasValue(1);
        up[0] = true;
        clock.now = clock.now.plus(LazyClientRegistrations.BACK_OFF).minusMillis(1);
        assertThat(registrations.findByRegistrationId("oidc")).as("within the back-off: not asked again").isNull();
        assertThat(calls).hasValue(1);

        clock.now = clock.now.plusMillis(1);
        assertThat(registrations.findByRegistrationId("oidc")).isSameAs(REGISTRATION);
        up[0] = false;
        clock.now = clock.now.plus(Duration.ofDays(1));
        assertThat(registrations.findByRegistrationId("oidc")).as("a success is kept").isSameAs(REGISTRATION);
        assertThat(calls).hasValue(2);
        assertThat(registrations.findByRegistrationId("other")).isNull();
        assertThat(calls).as("an unknown id never reaches the provider").hasValue(2);
    }
}
