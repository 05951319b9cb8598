package dev.hoshu.broker.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Retry waits: doubling from the first, capped, jittered between half and all of the step, and a last attempt. */
class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(1), 6);

    @Test
    void waitsDoubleUpToTheCap() {
        assertEquals(Duration.ofSeconds(10), backoff.after(1, () -> 0.999999));
        assertEquals(Duration.ofSeconds(20), backoff.after(2, () -> 0.999999));
        assertEquals(Duration.ofSeconds(40), backoff.after(3, () -> 0.999999));
        assertEquals(Duration.ofMinutes(1), backoff.after(4, () -> 0.999999));
        assertEquals(Duration.ofMinutes(1), backoff.after(5, () -> 0.999999));
    }

    @Test
    void jitterKeepsAtLeastHalfTheStep() {
        assertEquals(Duration.ofSeconds(5), backoff.after(1, () -> 0.0));
        assertEquals(Duration.ofSeconds(15), backoff.after(2, () -> 0.5));
        assertEquals(Duration.ofSeconds(30), backoff.after(5, () -> 0.0));
    }

    @Test
    void theLastAttemptHasNoNext() {
        assertNull(backoff.after(6, () -> 0.5));
        assertNull(backoff.after(7, () -> 0.5));
    }
}
