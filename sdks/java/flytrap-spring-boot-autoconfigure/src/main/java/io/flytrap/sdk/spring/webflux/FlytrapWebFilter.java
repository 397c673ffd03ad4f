package io.flytrap.sdk.spring.webflux;

import io.flytrap.sdk.Breadcrumb;
import io.flytrap.sdk.EventHint;
import io.flytrap.sdk.Flytrap;
import io.flytrap.sdk.RequestInfo;
import io.flytrap.sdk.User;
import io.flytrap.sdk.spring.HttpRequests;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reports WebFlux requests whose handling failed with a server error (an exception that reaches the web filters,
 * before WebFlux's exception handlers answer it); 404s and other 4xx are not reported.
 *
 * <p>Everything this filter knows about an exchange (its request, its "http" breadcrumb, what the app kept with
 * {@link FlytrapExchange}) goes on that exchange's event through the {@link EventHint}, never into a scope: the
 * exchange's work hops between threads, so a thread-bound scope would not follow it, and the global scope is
 * shared by every concurrent request.
 */
public final class FlytrapWebFilter implements WebFilter, Ordered {

    private final boolean sendDefaultPii;

    public FlytrapWebFilter(boolean sendDefaultPii) {
        this.sendDefaultPii = sendDefaultPii;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange)
                .onErrorResume(error -> report(exchange, error).then(Mono.error(error)));
    }

    private Mono<Void> report(ServerWebExchange exchange, Throwable error) {
        try {
            if (!HttpRequests.isServerError(error)) {
                return Mono.empty();
            }
            Mono<Principal> principal = sendDefaultPii ? exchange.getPrincipal() : Mono.empty();
            return principal.map(Principal::getName).defaultIfEmpty("")
                    .doOnNext(name -> capture(exchange, error, name.isEmpty() ? null : name))
                    .onErrorResume(ignored -> Mono.empty())
                    .then();
        } catch (RuntimeException ignored) {
            return Mono.empty();
        }
    }

    private void capture(ServerWebExchange exchange, Throwable error, String principal) {
        try {
            ServerHttpRequest request = exchange.getRequest();
            Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            String route = pattern instanceof PathPattern path ? path.getPatternString() : pattern == null ? null : pattern.toString();
            Map<String, String> headers = new LinkedHashMap<>();
            request.getHeaders().forEach((name, values) -> headers.put(name, String.join(", ", values)));
            String query = request.getURI().getRawQuery();
            RequestInfo info = new RequestInfo(request.getMethod().name(), request.getURI().toString(), query, headers, route);
            EventHint.Builder hint = EventHint.builder().mechanism("spring.webflux", false).request(info);
            FlytrapExchange.addTo(exchange, hint);
            Integer status = HttpRequests.declaredStatus(error);
            hint.breadcrumb(Breadcrumb.http(request.getMethod().name(), request.getURI().getRawPath(),
                    status == null ? 500 : status));
            if (sendDefaultPii) {
                InetSocketAddress remote = request.getRemoteAddress();
                hint.user(new User(null, null, principal,
                        remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress()));
            }
            Flytrap.captureException(error, hint.build());
        } catch (RuntimeException ignored) {
            // reporting must never change the response
        }
    }
}
