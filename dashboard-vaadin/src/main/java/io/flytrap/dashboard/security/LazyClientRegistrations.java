package io.flytrap.dashboard.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The one client registration, read from the provider's discovery document on first use instead of at start-up:
 * a provider that is down when Flytrap starts must not stop Flytrap (nor its break-glass password login). A
 * success is kept for good, as Spring's in-memory repository would; a failure is kept only for {@link #BACK_OFF},
 * so clicks while the provider is down neither wait on it each time nor hammer it, and it is tried again after.
 * {@code null} (the repository's "no such registration") is the answer while it cannot be read.
 */
final class LazyClientRegistrations implements ClientRegistrationRepository {

    static final Duration BACK_OFF = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(LazyClientRegistrations.class);

    private final String registrationId;
    private final Supplier<ClientRegistration> discovery;
    private final Clock clock;
    private volatile ClientRegistration registration;
    private Instant retryAt = Instant.MIN;

    LazyClientRegistrations(String registrationId, Supplier<ClientRegistration> discovery, Clock clock) {
        this.registrationId = registrationId;
        this.discovery = discovery;
        this.clock = clock;
    }

    @Override
    public ClientRegistration findByRegistrationId(String id) {
        if (!registrationId.equals(id)) {
            return null;
        }
        ClientRegistration known = registration;
        return known != null ? known : discover();
    }

    /** One reader at a time: concurrent clicks wait for the same attempt rather than each asking the provider. */
    private synchronized ClientRegistration discover() {
        if (registration != null || clock.instant().isBefore(retryAt)) {
            return registration;
        }
        try {
            registration = discovery.get();
            log.info("Single sign-on: read the identity provider's discovery document ({})",
                    registration.getProviderDetails().getIssuerUri());
        } catch (RuntimeException unreachable) {
            retryAt = clock.instant().plus(BACK_OFF);
            // the message names the URL and the cause (refused, timed out, not a discovery document); no secrets in it
            log.warn("Single sign-on: the identity provider cannot be reached, trying again after {} s: {}",
                    BACK_OFF.toSeconds(), unreachable.getMessage());
        }
        return registration;
    }
}
