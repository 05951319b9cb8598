package dev.hoshu.bench.process;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling, never longer than a fixed time, so no loop of the harness is unbounded. */
public record Deadline(long endNanos) {

    private static final long POLL_MILLIS = 50;

    public static Deadline in(Duration duration) {
        return new Deadline(System.nanoTime() + duration.toNanos());
    }

    public boolean passed() {
        return System.nanoTime() - endNanos >= 0;
    }

    /** @return true when the condition held before the deadline */
    public boolean await(BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            if (passed()) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
