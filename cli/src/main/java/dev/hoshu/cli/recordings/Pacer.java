package dev.hoshu.cli.recordings;

import java.time.Duration;

/** Waits between replayed events; tests pass one that only notes the waits. */
@FunctionalInterface
interface Pacer {

    void pause(Duration wait) throws InterruptedException;

    /** The real terminal's pace. */
    static Pacer realTime() {
        return wait -> Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
    }
}
