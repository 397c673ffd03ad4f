package io.flytrap.sdk;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which exceptions of a long chain are kept: the causes first, suppressed ones with what room is left. */
class CapturedThrowableTests {

    @Test
    void shouldKeepTheWholeCauseChainBeforeSuppressedOnes() {
        IllegalStateException root = new IllegalStateException("root cause");
        RuntimeException middle = new RuntimeException("middle", root);
        RuntimeException caught = new RuntimeException("caught", middle);
        for (int i = 0; i < 25; i++) {
            caught.addSuppressed(new IllegalArgumentException("cleanup " + i));
        }

        List<CapturedThrowable> chain = CapturedThrowable.chain(caught);

        assertThat(chain).hasSize(CapturedThrowable.MAX_CHAIN);
        assertThat(chain.get(0).message()).as("oldest cause first").isEqualTo("root cause");
        assertThat(chain.get(chain.size() - 1).message()).isEqualTo("caught");
        assertThat(chain).extracting(CapturedThrowable::message).contains("middle")
                .filteredOn(message -> message.startsWith("cleanup")).hasSize(CapturedThrowable.MAX_CHAIN - 3);
    }
}
