package io.flytrap.core.issues;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** How long the live feed waits after a round of pushes (issue #24 item 3: capture → visible in an open list). */
class IssueChangeFeedPacingTests {

    @Test
    void aCheapRoundIsFollowedByTheShortestPauseNotTheEarlierQuarterSecond() {
        assertThat(IssueChangeFeed.pauseAfterPushes(Duration.ofMillis(5))).isEqualTo(Duration.ofMillis(100));
        assertThat(IssueChangeFeed.pauseAfterPushes(Duration.ZERO)).isEqualTo(Duration.ofMillis(100));
        // the fixed 250 ms pause this replaces must not come back for one open page
        assertThat(IssueChangeFeed.pauseAfterPushes(Duration.ofMillis(20))).isLessThan(Duration.ofMillis(250));
    }

    @Test
    void pushingNeverTakesMoreThanAQuarterOfTheFeedsTimeHoweverCostlyTheRound() {
        for (long spent = 0; spent <= 5_000; spent += 7) {
            long pause = IssueChangeFeed.pauseAfterPushes(Duration.ofMillis(spent)).toMillis();
            assertThat(pause).isGreaterThanOrEqualTo(100);
            // many open pages refreshed in this one thread: the pause grows with them instead of the refreshes
            // taking the thread (and a core) over
            assertThat((double) spent / (spent + pause)).isLessThanOrEqualTo(0.25);
        }
    }
}
