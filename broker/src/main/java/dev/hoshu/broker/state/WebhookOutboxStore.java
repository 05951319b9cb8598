package dev.hoshu.broker.state;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Webhook deliveries in {@code state/webhook-deliveries.json}: pending ones survive a restart; finished ones are
 * kept for a while so their outcome can be looked at, then dropped.
 */
public final class WebhookOutboxStore {

    private final JsonCollection<WebhookDelivery> deliveries;

    public WebhookOutboxStore(Path stateDir) {
        this.deliveries = new JsonCollection<>(stateDir.resolve("webhook-deliveries.json"), WebhookDelivery.class,
                WebhookDelivery::id);
    }

    public void insert(WebhookDelivery delivery) {
        deliveries.insert(delivery);
    }

    public Optional<WebhookDelivery> find(String id) {
        return deliveries.find(id);
    }

    public List<WebhookDelivery> all() {
        return deliveries.all();
    }

    public Optional<WebhookDelivery> update(String id, UnaryOperator<WebhookDelivery> change) {
        return deliveries.update(id, change);
    }

    /** Drops finished deliveries created before {@code cutoff}; pending ones are never dropped. */
    public void dropFinishedBefore(Instant cutoff) {
        deliveries.removeIf(d -> d.status() != WebhookDelivery.Status.PENDING && d.createdAt().isBefore(cutoff));
    }
}
