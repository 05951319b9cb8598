package dev.hoshu.tunnel;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Redial delays: exponential with full jitter, so that after a broker restart a fleet of agents
 * spreads its reconnects instead of arriving together. The n-th delay (from 0) is uniform in
 * [0, min(cap, base * 2^n)].
 */
public final class Backoff {

    public static final Duration DEFAULT_BASE = Duration.ofSeconds(1);
    /** Teleport's advice for agent fleets: about 12 minutes, so a broker restart does not bring a thundering herd. */
    public static final Duration DEFAULT_CAP = Duration.ofMinutes(12);

    private final long baseMillis;
    private final long capMillis;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(Duration base, Duration cap) {
        this(base, cap, new Random());
    }

    public Backoff(Duration base, Duration cap, RandomGenerator random) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap");
        }
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
        this.random = random;
    }

    /** The upper bound of the n-th delay: base doubled n times, never above the cap. */
    public Duration ceiling(int attempt) {
        long ceiling = baseMillis;
        for (int i = 0; i < attempt && ceiling < capMillis; i++) {
            ceiling <<= 1;
        }
        return Duration.ofMillis(Math.min(ceiling, capMillis));
    }

    /** The delay before the next dial; each call moves one step up. */
    public synchronized Duration nextDelay() {
        long ceiling = ceiling(attempt).toMillis();
        if (attempt < Integer.MAX_VALUE) {
            attempt++;
        }
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }

    /** After a connection that proved stable, start again from the base. */
    public synchronized void reset() {
        attempt = 0;
    }

    public synchronized int attempts() {
        return attempt;
    }
}
