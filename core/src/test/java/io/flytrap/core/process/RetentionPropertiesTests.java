package io.flytrap.core.process;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class RetentionPropertiesTests {

    @Test
    void aZeroIntervalShouldStopStartUpNamingTheProperty() {
        // a zero pause would purge in a busy loop
        assertThatIllegalArgumentException().isThrownBy(() -> new RetentionProperties(true, Duration.ZERO, Duration.ZERO))
                .withMessageContaining("flytrap.retention.interval");
        assertThatIllegalArgumentException().isThrownBy(() -> new RetentionProperties(true, Duration.ofSeconds(-1), Duration.ofHours(1)))
                .withMessageContaining("flytrap.retention.initial-delay");
    }

    @Test
    void anImmediateFirstRunIsAllowed() {
        assertThatNoException().isThrownBy(() -> new RetentionProperties(true, Duration.ZERO, Duration.ofHours(1)));
    }
}
