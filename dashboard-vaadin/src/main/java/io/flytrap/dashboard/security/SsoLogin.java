package io.flytrap.dashboard.security;

import io.flytrap.core.users.OidcProperties;
import io.flytrap.core.users.SsoSignIn;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;

/**
 * The dashboard's single sign-on, when a provider is configured: authorization code with PKCE (for confidential
 * clients too: a stolen code is then worthless without the verifier this browser session holds), the sign-in
 * button on Flytrap's own page, refusals back on that page, and back-channel logout at
 * {@code /logout/connect/back-channel/oidc}.
 */
final class SsoLogin {

    private SsoLogin() {
    }

    static void apply(HttpSecurity http, ClientRegistrationRepository registrations, SsoSignIn signIn,
                      OidcProperties settings, SessionRegistry sessions) throws Exception {
        DefaultOAuth2AuthorizationRequestResolver requests = new DefaultOAuth2AuthorizationRequestResolver(registrations,
                OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        requests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        http.addFilterBefore(new SsoProviderCheck(registrations, OidcConfiguration.REGISTRATION_ID),
                        OAuth2AuthorizationRequestRedirectFilter.class)
                .oauth2Login(login -> login
                        .loginPage("/login")
                        .clientRegistrationRepository(registrations)
                        .authorizationEndpoint(authorization -> authorization.authorizationRequestResolver(requests))
                        .userInfoEndpoint(userInfo -> userInfo.oidcUserService(new OidcAccounts(signIn, settings)))
                        .failureHandler(new SsoFailureHandler(signIn)))
                .oidcLogout(logout -> logout.clientRegistrationRepository(registrations)
                        .backChannel(backChannel -> backChannel.logoutHandler(new BackChannelLogout(sessions))));
    }
}
