package dev.hoshu.broker.notify;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When to try a failed delivery again: the wait doubles from {@code initial} up to {@code cap}, and each wait is
 * drawn between half and all of that ("equal jitter"), so receivers that come back after an outage are not hit by
 * every broker at the same instant, yet no retry comes sooner than half its step.
 */
public record Backoff(Duration initial, Duration cap, int maxAttempts) {

    /**
     * The wait after {@code attempts} failed attempts, or {@code null} when that was the last one.
     *
     * @param random a number in [0, 1)
     */
    public Duration after(int attempts, DoubleSupplier random) {
        if (attempts >= maxAttempts) {
            return null;
        }
        long step = initial.toMillis();
        for (int i = 1; i < attempts && step < cap.toMillis(); i++) {
            step *= 2;
        }
        step = Math.min(step, cap.toMillis());
        long half = step / 2;
        return Duration.ofMillis(half + Math.round(random.getAsDouble() * (step - half)));
    }
}
