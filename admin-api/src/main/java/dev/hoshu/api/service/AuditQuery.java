package dev.hoshu.api.service;

import java.time.Instant;

/**
 * Which audit events to read: stamped in {@code [since, until)}, with an action starting with
 * {@code actionPrefix} (empty for all), at most {@code limit} of them (oldest first).
 */
public record AuditQuery(Instant since, Instant until, String actionPrefix, int limit) {
}
