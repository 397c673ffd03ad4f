package io.flytrap.dashboard.security;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Single sign-on is on when an issuer is set: an empty FLYTRAP_OIDC_ISSUER (a Helm default) leaves it off. */
class OidcEnabled implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String issuer = context.getEnvironment().getProperty("flytrap.oidc.issuer");
        return issuer != null && !issuer.isBlank();
    }
}
