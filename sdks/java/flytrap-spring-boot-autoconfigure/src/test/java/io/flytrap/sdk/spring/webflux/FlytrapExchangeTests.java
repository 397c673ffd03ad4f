package io.flytrap.sdk.spring.webflux;

import io.flytrap.sdk.Breadcrumb;
import io.flytrap.sdk.EventHint;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/** A long-lived exchange (a stream) keeps only as many breadcrumbs as its event would carry, the newest. */
class FlytrapExchangeTests {

    @Test
    void shouldKeepTheNewestHundredBreadcrumbsOfAnExchange() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/stream"));
        for (int i = 0; i < 10_000; i++) {
            FlytrapExchange.addBreadcrumb(exchange, Breadcrumb.of("stream", "signal " + i));
        }
        assertThat(FlytrapExchange.keptBreadcrumbs(exchange)).isEqualTo(100);

        EventHint.Builder hint = EventHint.builder();
        FlytrapExchange.addTo(exchange, hint);
        assertThat(hint.build().breadcrumbs()).hasSize(100).last().extracting(Breadcrumb::message)
                .isEqualTo("signal 9999");
    }

    @Test
    void shouldKeepTheNewestHundredBreadcrumbsOfAHint() {
        EventHint.Builder hint = EventHint.builder();
        for (int i = 0; i < 500; i++) {
            hint.breadcrumb(Breadcrumb.of(null, "step " + i));
        }
        assertThat(hint.build().breadcrumbs()).hasSize(100).first().extracting(Breadcrumb::message)
                .isEqualTo("step 400");
    }
}
