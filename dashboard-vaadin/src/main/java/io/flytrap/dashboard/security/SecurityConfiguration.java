package io.flytrap.dashboard.security;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import io.flytrap.core.users.ApiTokenService;
import io.flytrap.core.users.OidcProperties;
import io.flytrap.core.users.PasswordChecks;
import io.flytrap.core.users.SsoSignIn;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import io.flytrap.dashboard.setup.LoginView;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.config.ObjectPostProcessor;

/**
 * Two filter chains: the stateless API (ingest keys and bearer tokens, no cookies, no CSRF) and the Vaadin
 * dashboard (session sign-in, CSRF, view access annotations).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    @Bean
    SessionRegistry sessionRegistry() {
        return new SessionRegistryImpl();
    }

    /** Tells the session registry when sessions end, so it does not keep them forever. */
    @Bean
    HttpSessionEventPublisher httpSessionEventPublisher() {
        return new HttpSessionEventPublisher();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiTokenService tokens,
                                 ObjectProvider<SecurityContextHolderStrategy> contexts) throws Exception {
        return http.securityMatcher("/api/**")
                .csrf(csrf -> csrf.disable())
                .cors(Customizer.withDefaults())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .authorizeHttpRequests(requests -> requests
                        // Ingest authenticates with the project key itself, inside the endpoint
                        .requestMatchers("/api/errors", "/api/rejections").permitAll()
                        .requestMatchers("/api/*/envelope/", "/api/*/envelope", "/api/*/store/", "/api/*/store").permitAll()
                        // Exchanging e-mail and password for a token is how a script signs in
                        .requestMatchers(HttpMethod.POST, "/api/v1/tokens").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/openapi.json", "/api/v1/openapi.json/**").permitAll()
                        .anyRequest().authenticated())
                .addFilterBefore(new BearerTokenFilter(tokens, contexts.getIfUnique(SecurityContextHolder::getContextHolderStrategy)),
                        AnonymousAuthenticationFilter.class)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> JsonErrors.write(response,
                                HttpServletResponse.SC_UNAUTHORIZED, "authentication required: Authorization: Bearer <API token>"))
                        .accessDeniedHandler((request, response, e) -> JsonErrors.write(response,
                                HttpServletResponse.SC_FORBIDDEN, "not allowed")))
                .build();
    }

    /**
     * Vaadin needs inline and eval'd scripts and inline styles for its client engine; everything else is locked
     * to this origin, and no other site may frame the dashboard (clickjacking).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    @Order(2)
    SecurityFilterChain dashboardChain(HttpSecurity http, PasswordChecks passwordChecks, SessionRegistry sessionRegistry,
                                       ObjectProvider<ClientRegistrationRepository> ssoProvider, SsoSignIn ssoSignIn,
                                       OidcProperties oidc) throws Exception {
        http.headers(headers -> headers
                        // Vaadin writes its pages past the response wrapper that adds headers on commit, so the
                        // sign-in page went out without them: write them before the request is handled instead
                        .withObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                            @Override
                            public <O extends HeaderWriterFilter> O postProcess(O filter) {
                                filter.setShouldWriteHeadersEagerly(true);
                                return filter;
                            }
                        })
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                // a new session id at sign-in, so a session id planted before it is worthless (Spring's default, stated)
                .sessionManagement(sessions -> sessions.sessionFixation(fixation -> fixation.changeSessionId())
                        // known sessions, so a user's can be ended when an administrator changes their rights
                        .sessionConcurrency(concurrency -> concurrency.maximumSessions(-1).sessionRegistry(sessionRegistry)))
                .addFilterBefore(new SignInThrottleFilter(passwordChecks), UsernamePasswordAuthenticationFilter.class);
        http.authorizeHttpRequests(requests -> requests
                .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                // Prometheus scrapes without an account, as probes do; it exists only when exposed (application.properties)
                .requestMatchers(HttpMethod.GET, "/actuator/prometheus").permitAll()
                // Flytrap's own stylesheet, which the sign-in page needs too; nothing in it is private
                .requestMatchers("/styles/**").permitAll()
                // the favicon (an SVG in META-INF/resources/icons), shown on the sign-in page too
                .requestMatchers("/icons/**").permitAll()
                // the issue page's event download, a controller beside the views (Vaadin's rules deny what is no
                // view); membership is checked by the service, as for the views
                .requestMatchers(HttpMethod.GET, "/issues/*/events/*.json").authenticated());
        ClientRegistrationRepository sso = ssoProvider.getIfAvailable();
        if (sso != null) {
            SsoLogin.apply(http, sso, ssoSignIn, oidc, sessionRegistry);
        }
        return http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class)).build();
    }
}
