package io.flytrap.sdk.spring;

import io.flytrap.sdk.Flytrap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;

import java.beans.PropertyDescriptor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code flytrap.*} bound straight onto the SDK's options. */
class FlytrapPropertiesTests {

    // An unreachable DSN: these tests look at the options, nothing is sent
    final ApplicationContextRunner app = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FlytrapAutoConfiguration.class))
            .withPropertyValues("flytrap.dsn=http://key@127.0.0.1:9/1", "flytrap.uncaught-exception-handler=false");

    @AfterEach
    void stop() {
        Flytrap.close(Duration.ofSeconds(1));
    }

    @Test
    void shouldLeaveClosingToTheContextNotTheSdksOwnShutdownHook() {
        app.run(context -> assertThat(context.getBean(FlytrapProperties.class).isShutdownHook()).isFalse());
    }

    @Test
    void shouldRegisterTheShutdownHookWhenAsked() {
        app.withPropertyValues("flytrap.shutdown-hook=true")
                .run(context -> assertThat(context.getBean(FlytrapProperties.class).isShutdownHook()).isTrue());
    }

    @Test
    void shouldBindEveryOptionOfTheSdkUnderItsOwnName() {
        app.withPropertyValues("flytrap.in-app-packages=com.example.shop,com.example.billing", "flytrap.sample-rate=0.25",
                        "flytrap.max-queue-size=7", "flytrap.max-attempts=2", "flytrap.connect-timeout=750ms",
                        "flytrap.source-roots=app/src", "flytrap.code-context=false", "flytrap.minimum-breadcrumb-level=WARN")
                .run(context -> {
                    FlytrapProperties options = context.getBean(FlytrapProperties.class);
                    assertThat(options.getInAppPackages()).containsExactly("com.example.shop", "com.example.billing");
                    assertThat(options.getSampleRate()).isEqualTo(0.25);
                    assertThat(options.getMaxQueueSize()).isEqualTo(7);
                    assertThat(options.getMaxAttempts()).isEqualTo(2);
                    assertThat(options.getConnectTimeout()).isEqualTo(Duration.ofMillis(750));
                    assertThat(options.getSourceRoots()).containsExactly(Path.of("app/src"));
                    assertThat(options.isCodeContext()).isFalse();
                    assertThat(options.getMinimumBreadcrumbLevel()).isEqualTo("WARN");
                    assertThat(context.getBean(FlytrapSdk.class).isActive()).as("initialised with these very options").isTrue();
                });
    }

    @Test
    void shouldRefuseToStartWithASampleRateOutsideZeroToOneNamingTheProperty() {
        app.withPropertyValues("flytrap.sample-rate=1.5").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("sampleRate must be between 0.0 and 1.0");
            assertThat(context.getStartupFailure()).hasStackTraceContaining("Failed to bind properties under 'flytrap'")
                    .hasStackTraceContaining("Unable to set value for property sample-rate");
            assertThat(Flytrap.isEnabled()).isFalse();
        });
    }

    @Test
    void shouldStartTheAppButNotTheSdkWithAnUnusableDsn() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(FlytrapAutoConfiguration.class))
                .withPropertyValues("flytrap.dsn=not a dsn", "flytrap.uncaught-exception-handler=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(FlytrapSdk.class).isActive()).isFalse();
                    assertThat(Flytrap.isEnabled()).isFalse();
                });
    }

    @Test
    void shouldDocumentTheDefaultsTheOptionsReallyHave() throws Exception {
        // The inherited options' defaults are written out by hand in the additional metadata: bound back, they must
        // give exactly what a fresh FlytrapProperties holds
        Map<String, String> documented = new HashMap<>();
        FlytrapAutoConfigurationTests.metadata().path("properties").forEach(property -> {
            JsonNode value = property.path("defaultValue");
            if (!value.isMissingNode()) {
                documented.put(property.path("name").asString(), value.isArray()
                        ? value.valueStream().map(JsonNode::asString).collect(Collectors.joining(",")) : value.asString());
            }
        });
        assertThat(documented).containsKeys("flytrap.shutdown-hook", "flytrap.sample-rate", "flytrap.source-roots");
        FlytrapProperties bound = new Binder(new MapConfigurationPropertySource(documented))
                .bind("flytrap", FlytrapProperties.class).get();

        BeanWrapper actual = new BeanWrapperImpl(new FlytrapProperties());
        BeanWrapper fromMetadata = new BeanWrapperImpl(bound);
        for (PropertyDescriptor property : actual.getPropertyDescriptors()) {
            if (property.getWriteMethod() != null) {
                assertThat(fromMetadata.getPropertyValue(property.getName())).as(property.getName())
                        .isEqualTo(actual.getPropertyValue(property.getName()));
            }
        }
    }
}
