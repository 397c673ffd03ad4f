package io.flytrap.dashboard.security;

import io.flytrap.core.users.OidcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

import java.time.Clock;

/**
 * The identity provider, read from its discovery document (issuer, endpoints, keys) on first use, not at start-up
 * as Spring Boot's own registration properties would (see {@link LazyClientRegistrations}), from Flytrap's four
 * settings. Registration id "oidc", so the redirect URI to
 * register at the provider is {@code {baseUrl}/login/oauth2/code/oidc}.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OidcEnabled.class)
class OidcConfiguration {

    static final String REGISTRATION_ID = "oidc";

    @Bean
    ClientRegistrationRepository clientRegistrations(OidcProperties settings) {
        return new LazyClientRegistrations(REGISTRATION_ID, () -> registration(settings), Clock.systemUTC());
    }

    private static ClientRegistration registration(OidcProperties settings) {
        ClientRegistration.Builder builder = ClientRegistrations.fromIssuerLocation(settings.issuer().strip())
                .registrationId(REGISTRATION_ID)
                .clientId(settings.clientId().strip())
                .clientName(settings.providerName())
                .scope(settings.scopes())
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}");
        if (settings.clientSecret() == null || settings.clientSecret().isBlank()) {
            // a public client: PKCE alone protects the code (SsoLogin asks for PKCE either way)
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        } else {
            builder.clientSecret(settings.clientSecret());
        }
        return builder.build();
    }
}
