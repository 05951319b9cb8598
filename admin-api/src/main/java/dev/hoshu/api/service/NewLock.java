package dev.hoshu.api.service;

/**
 * The body of {@code POST /api/v1/locks}.
 *
 * @param minutes how long the lock holds by itself, or {@code null} until someone unlocks it
 */
public record NewLock(LockTarget target, String reason, Integer minutes) {
}
