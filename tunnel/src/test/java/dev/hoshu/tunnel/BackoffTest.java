package dev.hoshu.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration BASE = Duration.ofSeconds(1);
    private static final Duration CAP = Duration.ofMinutes(5);

    @Test
    void eachDelayIsFullJitterBelowTheDoublingCeiling() {
        Backoff backoff = new Backoff(BASE, CAP, new Random(42));
        for (int n = 0; n < 40; n++) {
            long ceiling = Math.min(CAP.toMillis(), BASE.toMillis() << Math.min(n, 20));
            long delay = backoff.nextDelay().toMillis();
            assertTrue(delay >= 0 && delay <= ceiling, "attempt " + n + ": " + delay + " > " + ceiling);
        }
    }

    @Test
    void ceilingDoublesFromTheBaseAndStopsAtTheCap() {
        Backoff backoff = new Backoff(BASE, CAP);

        assertEquals(Duration.ofSeconds(1), backoff.ceiling(0));
        assertEquals(Duration.ofSeconds(8), backoff.ceiling(3));
        assertEquals(Duration.ofSeconds(256), backoff.ceiling(8));
        assertEquals(CAP, backoff.ceiling(9));
        assertEquals(CAP, backoff.ceiling(Integer.MAX_VALUE));
    }

    @Test
    void jitterUsesTheWholeRange() {
        Backoff backoff = new Backoff(BASE, Duration.ofSeconds(1), new Random(7));
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2000; i++) {
            long delay = backoff.nextDelay().toMillis();
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertTrue(min < 50 && max > 950, "delays should spread over [0, 1000]: " + min + ".." + max);
    }

    @Test
    void resetStartsAgainFromTheBase() {
        Backoff backoff = new Backoff(BASE, CAP, new Random(1));
        for (int i = 0; i < 10; i++) {
            backoff.nextDelay();
        }

        backoff.reset();

        assertTrue(backoff.nextDelay().compareTo(BASE) <= 0);
    }

    @Test
    void refusesNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, CAP));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(CAP, BASE));
    }
}
