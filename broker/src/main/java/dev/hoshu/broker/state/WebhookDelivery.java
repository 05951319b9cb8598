package dev.hoshu.broker.state;

import java.time.Instant;
import java.util.Locale;

/**
 * One notice for one subscription, in the outbox from the moment the act happened until it was delivered or
 * given up. The body is fixed when the notice is published, so every attempt sends the same bytes.
 */
public record WebhookDelivery(String id, String webhookId, String hospital, String event, String body, Status status,
                              int attempts, Integer lastStatus, String lastError, Instant createdAt,
                              Instant lastAttemptAt, Instant nextAttemptAt, Instant deliveredAt) {

    public enum Status {
        PENDING, DELIVERED, FAILED, CANCELLED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static WebhookDelivery pending(String id, String webhookId, String hospital, String event, String body,
                                          Instant now) {
        return new WebhookDelivery(id, webhookId, hospital, event, body, Status.PENDING, 0, null, null, now, null, now,
                null);
    }

    public boolean dueAt(Instant now) {
        return status == Status.PENDING && !now.isBefore(nextAttemptAt);
    }

    public WebhookDelivery delivered(Instant at, int httpStatus) {
        return new WebhookDelivery(id, webhookId, hospital, event, body, Status.DELIVERED, attempts + 1, httpStatus,
                null, createdAt, at, null, at);
    }

    /** A failed attempt: tried again at {@code next}, or given up when {@code next} is {@code null}. */
    public WebhookDelivery failed(Instant at, Integer httpStatus, String error, Instant next) {
        return new WebhookDelivery(id, webhookId, hospital, event, body, next == null ? Status.FAILED : Status.PENDING,
                attempts + 1, httpStatus, error, createdAt, at, next, null);
    }

    public WebhookDelivery cancelled(String why) {
        return new WebhookDelivery(id, webhookId, hospital, event, body, Status.CANCELLED, attempts, lastStatus, why,
                createdAt, lastAttemptAt, null, null);
    }
}
