package dev.hoshu.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RedialTimingTest {

    private static final Duration BASE = Duration.ofSeconds(1);
    private static final Duration CAP = Duration.ofMinutes(12);

    /** Always the top of the range: the longest wait each step could give. */
    private static final java.util.random.RandomGenerator WORST = new java.util.random.RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    @Test
    void aDroppedTunnelIsRedialledWithinTwoSecondsOncePerNodeThenBacksOff() {
        RedialTiming timing = new RedialTiming(new Backoff(BASE, CAP, WORST), WORST);
        for (int i = 0; i < 4; i++) {
            timing.afterFailure(); // a history of failures before the tunnel came up
        }

        assertEquals(Duration.ofSeconds(2), timing.afterDrop(Duration.ofSeconds(5), 2), "the same node, quickly");
        assertEquals(Duration.ofSeconds(2), timing.afterFailure(), "the other node, quickly");
        assertFalse(timing.quick());
        assertEquals(Duration.ofSeconds(16), timing.afterFailure(), "then the backoff where it stood");
    }

    @Test
    void aTunnelDroppedAgainBeforeItWasStableGetsTheBackoffNotAnotherQuickRound() {
        RedialTiming timing = new RedialTiming(new Backoff(BASE, CAP, WORST), WORST);

        assertEquals(Duration.ofSeconds(2), timing.afterDrop(Duration.ofSeconds(1), 1));
        assertEquals(Duration.ofSeconds(1), timing.afterDrop(Duration.ofMillis(300), 1),
                "refused at once again (decommissioned): no quick loop");
        assertEquals(Duration.ofSeconds(2), timing.afterDrop(Duration.ofMillis(300), 1));
        assertEquals(Duration.ofSeconds(4), timing.afterDrop(Duration.ofMillis(300), 1));
    }

    @Test
    void aStableTunnelEarnsTheQuickRoundBackAndResetsTheBackoff() {
        RedialTiming timing = new RedialTiming(new Backoff(BASE, CAP, WORST), WORST);
        timing.afterDrop(Duration.ofSeconds(1), 1);
        for (int i = 0; i < 12; i++) {
            timing.afterFailure();
        }
        assertEquals(CAP, timing.afterFailure(), "long failures reach the 12-minute cap");

        assertEquals(Duration.ofSeconds(2), timing.afterDrop(RedialTiming.STABLE, 1));
        assertEquals(BASE, timing.afterFailure(), "the backoff starts afresh after a stable tunnel");
    }

    @Test
    void quickWaitsAreJitteredOverTheTwoSeconds() {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            RedialTiming timing = new RedialTiming(new Backoff(BASE, CAP), new SplittableRandom(i));
            Duration wait = timing.afterDrop(Duration.ofSeconds(90), 1);
            assertTrue(!wait.isNegative() && wait.compareTo(RedialTiming.QUICK) <= 0, wait::toString);
            seen.add(wait.toMillis() / 100);
        }
        assertTrue(seen.size() > 5, "a fleet's redials spread out: " + seen);
    }
}
