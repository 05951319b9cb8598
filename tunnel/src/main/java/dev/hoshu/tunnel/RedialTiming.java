package dev.hoshu.tunnel;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * When to redial. A tunnel that was up and then dropped (its broker node crashed or restarted) gets one quick
 * round: each known node is tried once after a short jittered wait, so the agent is back on a surviving node in
 * seconds. Failures after that round follow the {@link Backoff}, up to its cap. The quick round is earned again only
 * by a tunnel that stayed up for {@link #STABLE}: a device that is admitted and at once refused (decommissioned,
 * a broker that keeps dropping it) cannot redial fast in a loop.
 */
public final class RedialTiming {

    /** A tunnel that lived this long was healthy; the next failure starts the backoff afresh. */
    public static final Duration STABLE = Duration.ofSeconds(60);
    /** The quick round's waits are uniform in [0, this]: a fleet whose node crashed spreads over two seconds. */
    public static final Duration QUICK = Duration.ofSeconds(2);

    private final Backoff backoff;
    private final RandomGenerator random;
    private boolean quickEarned = true;
    private int quickLeft;

    public RedialTiming(Backoff backoff) {
        this(backoff, new Random());
    }

    public RedialTiming(Backoff backoff, RandomGenerator random) {
        this.backoff = backoff;
        this.random = random;
    }

    /**
     * An established tunnel dropped after {@code lived}; {@code nodes} is how many nodes the agent may try.
     *
     * @return the wait before the first redial
     */
    public synchronized Duration afterDrop(Duration lived, int nodes) {
        if (lived.compareTo(STABLE) >= 0) {
            backoff.reset();
            quickEarned = true;
        }
        if (quickEarned) {
            quickEarned = false;
            quickLeft = Math.max(1, nodes);
        }
        return next();
    }

    /** A dial failed (refused, unreachable, handshake failed): the wait before the next one. */
    public synchronized Duration afterFailure() {
        return next();
    }

    /** True while the quick round after a drop is still going. */
    public synchronized boolean quick() {
        return quickLeft > 0;
    }

    public int attempts() {
        return backoff.attempts();
    }

    private Duration next() {
        if (quickLeft > 0) {
            quickLeft--;
            return Duration.ofMillis(random.nextLong(QUICK.toMillis() + 1));
        }
        return backoff.nextDelay();
    }
}
