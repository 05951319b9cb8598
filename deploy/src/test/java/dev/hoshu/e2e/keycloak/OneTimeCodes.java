package dev.hoshu.e2e.keycloak;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands out each user's next one-time code. Keycloak accepts a code once (the realm's codes are not reusable)
 * and accepts the next step's code too (look-ahead 1), so a user who signs in twice within 30 seconds gets the
 * next step's code instead of waiting; a third time, the call waits for the clock.
 */
public final class OneTimeCodes {

    private final Clock clock;
    private final Map<String, Long> lastStep = new HashMap<>();

    public OneTimeCodes(Clock clock) {
        this.clock = clock;
    }

    public synchronized String next(RealmUser user) {
        long now = Totp.stepAt(clock.instant());
        long step = Math.max(now, lastStep.getOrDefault(user.username(), Long.MIN_VALUE) + 1);
        while (step > Totp.stepAt(clock.instant()) + 1) {
            sleep(Duration.ofSeconds(1));
        }
        lastStep.put(user.username(), step);
        return Totp.code(user.otpSecret(), step);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis()); // waiting for the next 30-second step, not for an outcome
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the next one-time code", e);
        }
    }
}
