package dev.hoshu.tunnel;

import java.time.Duration;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * When to redial. A tunnel that was up and then dropped (its broker node crashed or restarted) gets one quick
 * round: each known node is tried once after a short jittered wait, so the agent is back on a surviving node in
 * seconds. Failures after that round follow the {@link Backoff}, up to its cap. The quick round is earned again only
 * by a tunnel that stayed up for {@link #STABLE}: a device that is admitted and at once refused (decommissioned,
 * a broker that keeps dropping it) cannot redial fast in a loop.
 * <p>
 * A dial whose TCP connection is refused outright (nothing listens: the broker is restarting) is different: it costs
 * the broker nothing, so for up to {@link #REFUSED_WINDOW} such dials are retried every few seconds, jittered over
 * {@link #REFUSED_CEILING}, without climbing the backoff. An agent is then back within seconds of the port opening,
 * not after a wait its outage pushed to a minute or two. The herd that arrives is the broker's to pace: it closes
 * connections beyond its limits before their TLS handshake, without a byte ("broker busy"). Such a close costs the
 * broker nothing and says it is alive and catching up, so it climbs the backoff only up to {@link #BUSY_CAP}: an
 * agent refused ten times in a storm comes back within half a minute of the broker catching up, not 12 minutes
 * later. Other failures follow the backoff up to its cap.
 */
public final class RedialTiming {

    /** A tunnel that lived this long was healthy; the next failure starts the backoff afresh. */
    public static final Duration STABLE = Duration.ofSeconds(60);
    /** The quick round's waits are uniform in [0, this]: a fleet whose node crashed spreads over two seconds. */
    public static final Duration QUICK = Duration.ofSeconds(2);
    /** Waits after a refused connection are uniform in [0, this]. */
    public static final Duration REFUSED_CEILING = Duration.ofSeconds(4);
    /**
     * How long refusals in a row keep the short schedule: a restart, not an outage. After that the backoff takes
     * over, so a broker that stays down is not dialed every few seconds by its whole fleet for hours.
     */
    public static final Duration REFUSED_WINDOW = Duration.ofMinutes(5);

    /** Waits after a "busy" close (no byte from the broker) are at most this long. */
    public static final Duration BUSY_CAP = Duration.ofSeconds(30);

    private static final long NOT_REFUSED = Long.MIN_VALUE;

    private final Backoff backoff;
    private final RandomGenerator random;
    private final LongSupplier nanoTime;
    private boolean quickEarned = true;
    private int quickLeft;
    private long refusedSince = NOT_REFUSED;

    public RedialTiming(Backoff backoff) {
        this(backoff, new Random(), System::nanoTime);
    }

    public RedialTiming(Backoff backoff, RandomGenerator random) {
        this(backoff, random, System::nanoTime);
    }

    /** @param nanoTime a monotonic clock in nanoseconds, as {@link System#nanoTime()} */
    public RedialTiming(Backoff backoff, RandomGenerator random, LongSupplier nanoTime) {
        this.backoff = backoff;
        this.random = random;
        this.nanoTime = nanoTime;
    }

    /**
     * An established tunnel dropped after {@code lived}; {@code nodes} is how many nodes the agent may try.
     *
     * @return the wait before the first redial
     */
    public synchronized Duration afterDrop(Duration lived, int nodes) {
        refusedSince = NOT_REFUSED;
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

    /** A dial failed after the broker answered (handshake failed, closed as busy, refused in TLS): the next wait. */
    public synchronized Duration afterFailure() {
        refusedSince = NOT_REFUSED;
        return next();
    }

    /** The broker accepted the connection and closed it before sending a byte (busy): the next wait. */
    public synchronized Duration afterBusy() {
        refusedSince = NOT_REFUSED;
        Duration wait = next();
        return wait.compareTo(BUSY_CAP) <= 0 ? wait : Duration.ofMillis(random.nextLong(BUSY_CAP.toMillis() + 1));
    }

    /** The TCP connection was refused (nothing listens on the port): the wait before the next dial. */
    public synchronized Duration afterRefused() {
        long now = nanoTime.getAsLong();
        if (refusedSince == NOT_REFUSED) {
            refusedSince = now;
        }
        if (quickLeft > 0 || now - refusedSince > REFUSED_WINDOW.toNanos()) {
            return next();
        }
        return Duration.ofMillis(random.nextLong(REFUSED_CEILING.toMillis() + 1));
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
