package io.flytrap.sdk.spring;

import io.flytrap.sdk.BeforeSend;
import io.flytrap.sdk.Flytrap;
import io.flytrap.sdk.spring.logback.FlytrapLogback;
import io.flytrap.sdk.spring.webflux.FlytrapWebFilter;
import io.flytrap.sdk.spring.webmvc.FlytrapHandlerExceptionResolver;
import io.flytrap.sdk.spring.webmvc.FlytrapMvcFilter;
import io.flytrap.sdk.testing.ProtocolSchema;
import io.flytrap.sdk.testing.Receiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FlytrapAutoConfigurationTests {

    final AutoConfigurations flytrap = AutoConfigurations.of(FlytrapAutoConfiguration.class);
    Receiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = new Receiver();
    }

    @AfterEach
    void stop() {
        Flytrap.close(Duration.ofSeconds(1));
        receiver.close();
    }

    @Test
    void shouldStayInactiveWithoutADsn() {
        new ApplicationContextRunner().withConfiguration(flytrap).withPropertyValues("flytrap.release=shop@1")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(FlytrapSdk.class).doesNotHaveBean(FlytrapLogback.class);
                    assertThat(Flytrap.isEnabled()).isFalse();
                });
    }

    @Test
    void shouldInitialiseFromPropertiesAndCloseWithTheContext() throws Exception {
        new ApplicationContextRunner().withConfiguration(flytrap)
                .withPropertyValues("flytrap.dsn=" + receiver.dsn(9), "flytrap.release=shop@1.4.2",
                        "flytrap.environment=staging", "flytrap.server-name=web-7", "flytrap.uncaught-exception-handler=false")
                .withBean(BeforeSend.class, () -> (event, original) -> {
                    event.tags().put("hooked", "yes");
                    return event;
                })
                .run(context -> {
                    assertThat(context).hasSingleBean(FlytrapSdk.class).hasSingleBean(FlytrapLogback.class)
                            .doesNotHaveBean(FlytrapMvcFilter.class).doesNotHaveBean(FlytrapWebFilter.class);
                    assertThat(context.getBean(FlytrapSdk.class).isActive()).isTrue();
                    assertThat(context.getBean(FlytrapLogback.class).isAttached()).isTrue();
                    Flytrap.captureMessage("hello from Spring");
                    assertThat(Flytrap.flush(Duration.ofSeconds(5))).isTrue();
                });

        assertThat(Flytrap.isEnabled()).as("closed with the context").isFalse();
        JsonNode data = receiver.received().get(0).data();
        assertThat(data.path("release").asString()).isEqualTo("shop@1.4.2");
        assertThat(data.path("environment").asString()).isEqualTo("staging");
        assertThat(data.path("server_name").asString()).isEqualTo("web-7");
        assertThat(data.path("project_id").asLong()).isEqualTo(9);
        assertThat(data.path("tags").path("hooked").asString()).as("the app's BeforeSend bean").isEqualTo("yes");
    }

    @Test
    void shouldAddTheMvcPartsOnlyToServletApps() {
        new WebApplicationContextRunner().withConfiguration(flytrap)
                .withPropertyValues("flytrap.dsn=" + receiver.dsn(1), "flytrap.uncaught-exception-handler=false")
                .run(context -> assertThat(context).hasSingleBean(FlytrapMvcFilter.class)
                        .hasSingleBean(FlytrapHandlerExceptionResolver.class).doesNotHaveBean(FlytrapWebFilter.class));
    }

    @Test
    void shouldAddTheWebFilterOnlyToReactiveApps() {
        new ReactiveWebApplicationContextRunner().withConfiguration(flytrap)
                .withPropertyValues("flytrap.dsn=" + receiver.dsn(1), "flytrap.uncaught-exception-handler=false")
                .run(context -> assertThat(context).hasSingleBean(FlytrapWebFilter.class)
                        .doesNotHaveBean(FlytrapMvcFilter.class));
    }

    @Test
    void shouldLeaveLogbackAloneWhenSwitchedOff() {
        new ApplicationContextRunner().withConfiguration(flytrap)
                .withPropertyValues("flytrap.dsn=" + receiver.dsn(1), "flytrap.logback=false", "flytrap.uncaught-exception-handler=false")
                .run(context -> assertThat(context).hasSingleBean(FlytrapSdk.class).doesNotHaveBean(FlytrapLogback.class));
    }

    @Test
    void shouldDescribeEveryPropertyForIdes() throws Exception {
        JsonNode properties = metadata().path("properties");
        assertThat(properties.valueStream().map(p -> p.path("name").asString()))
                .as("every key the starter has always had").contains("flytrap.dsn", "flytrap.release",
                        "flytrap.environment", "flytrap.server-name", "flytrap.sample-rate", "flytrap.in-app-packages",
                        "flytrap.send-default-pii", "flytrap.max-queue-size", "flytrap.max-breadcrumbs",
                        "flytrap.uncaught-exception-handler", "flytrap.shutdown-timeout", "flytrap.shutdown-hook",
                        "flytrap.logback", "flytrap.minimum-breadcrumb-level");
        assertThat(properties.valueStream().map(p -> p.path("name").asString()))
                .as("options of the SDK itself, inherited from FlytrapOptions").contains("flytrap.max-attempts",
                        "flytrap.connect-timeout", "flytrap.send-timeout", "flytrap.retry-backoff", "flytrap.code-context",
                        "flytrap.source-roots")
                .as("hooks are code, not properties").doesNotContain("flytrap.before-send", "flytrap.transport");
        properties.forEach(property -> assertThat(property.path("description").asString())
                .as(property.path("name").asString()).isNotBlank());
    }

    /** What the configuration processor wrote for IDEs, merged with additional-spring-configuration-metadata.json. */
    static JsonNode metadata() throws IOException {
        try (InputStream in = FlytrapAutoConfigurationTests.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            return ProtocolSchema.read(in.readAllBytes());
        }
    }
}
