package dev.hoshu.api.service;

import java.time.Instant;

/**
 * One notice on its way to one subscription.
 *
 * @param status      {@code pending} (will be tried again at {@code nextAttemptAt}), {@code delivered},
 *                    {@code failed} (gave up after the last attempt) or {@code cancelled} (subscription removed)
 * @param lastStatus  the receiver's HTTP status at the last attempt, or {@code null} when there was no answer
 * @param lastError   one line on why the last attempt failed, or {@code null}
 */
public record DeliveryView(String id, String webhook, String event, String status, int attempts, Integer lastStatus,
                           String lastError, Instant createdAt, Instant lastAttemptAt, Instant nextAttemptAt,
                           Instant deliveredAt) {
}
