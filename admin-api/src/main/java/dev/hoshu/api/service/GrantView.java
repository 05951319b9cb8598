package dev.hoshu.api.service;

import dev.hoshu.access.Grant;
import java.time.Instant;

/**
 * A grant as the API shows it, with its review when it was emergency access.
 *
 * @param endedSessions the live sessions a revocation just ended (empty otherwise)
 */
public record GrantView(Grant grant, String reviewedBy, Instant reviewedAt, String reviewNote,
                        java.util.List<String> endedSessions) {

    public GrantView {
        endedSessions = endedSessions == null ? java.util.List.of() : java.util.List.copyOf(endedSessions);
    }
}
