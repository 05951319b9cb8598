package dev.hoshu.api.service;

import java.time.Instant;
import java.util.List;

/**
 * A lock as the API shows it. On creation, {@code endedSessions} and {@code revokedGrants} name what the cut
 * stopped at once; in a listing they are empty.
 */
public record LockView(String id, LockTarget target, String hospital, String reason, String by, Instant createdAt,
                       Instant expiresAt, Instant unlockedAt, String unlockedBy, String unlockReason,
                       List<String> endedSessions, List<String> revokedGrants) {

    public LockView {
        endedSessions = endedSessions == null ? List.of() : List.copyOf(endedSessions);
        revokedGrants = revokedGrants == null ? List.of() : List.copyOf(revokedGrants);
    }
}
