package dev.hoshu.broker.state;

import java.time.Instant;

/**
 * A cut of remote maintenance that holds until someone unlocks it or its time runs out. Unlocked locks are
 * kept, with who unlocked them and why, so the history of cuts survives in the state as well as the audit log.
 *
 * @param value     the session id, device id, engineer's subject or company id; the hospital id for a hospital lock
 * @param hospital  the hospital the lock applies in: an engineer or company is blocked there only
 * @param expiresAt when the lock ends by itself, or {@code null} until unlocked
 * @param unlockedAt when it was unlocked, or {@code null} while it stands
 */
public record Lock(String id, LockKind kind, String value, String hospital, String reason, String by,
                   Instant createdAt, Instant expiresAt, Instant unlockedAt, String unlockedBy, String unlockReason) {

    /** Whether the lock stops anything at {@code now}. */
    public boolean activeAt(Instant now) {
        return unlockedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    public Lock unlocked(Instant at, String who, String why) {
        return new Lock(id, kind, value, hospital, reason, by, createdAt, expiresAt, at, who, why);
    }
}
