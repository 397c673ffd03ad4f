package io.flytrap.sdk.spring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How the starter's properties become SDK options. */
class FlytrapSdkOptionsTests {

    @Test
    void shouldLeaveClosingToTheContextNotTheSdksOwnShutdownHook() {
        assertThat(FlytrapSdk.options(new FlytrapProperties(), null).isShutdownHook()).isFalse();
    }

    @Test
    void shouldRegisterTheShutdownHookWhenAsked() {
        FlytrapProperties properties = new FlytrapProperties();
        properties.setShutdownHook(true);
        assertThat(FlytrapSdk.options(properties, null).isShutdownHook()).isTrue();
    }
}
