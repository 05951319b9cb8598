package dev.hoshu.broker.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * How long before a grant's end its sessions are warned, and how long a session waits for a hospital observer
 * (before it starts, or while paused) before it ends.
 *
 * @param grantEndWarning {@code hoshu.grant-end-warning}, 5 minutes by default; zero turns the warning off
 * @param observerWait    {@code hoshu.observer-wait}, 10 minutes by default
 */
public record SessionTimings(Duration grantEndWarning, Duration observerWait) {

    public static final SessionTimings DEFAULTS = new SessionTimings(Duration.ofMinutes(5), Duration.ofMinutes(10));

    public SessionTimings {
        Objects.requireNonNull(grantEndWarning, "grantEndWarning");
        Objects.requireNonNull(observerWait, "observerWait");
        if (grantEndWarning.isNegative()) {
            throw new IllegalArgumentException("hoshu.grant-end-warning must not be negative, not " + grantEndWarning);
        }
        if (observerWait.isNegative() || observerWait.isZero()) {
            throw new IllegalArgumentException("hoshu.observer-wait must be positive, not " + observerWait);
        }
    }
}
