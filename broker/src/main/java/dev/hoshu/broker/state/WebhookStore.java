package dev.hoshu.broker.state;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Webhook subscriptions in {@code state/webhooks.json}. */
public final class WebhookStore {

    private final JsonCollection<Webhook> webhooks;

    public WebhookStore(Path stateDir) {
        this.webhooks = new JsonCollection<>(stateDir.resolve("webhooks.json"), Webhook.class, Webhook::id);
    }

    public void insert(Webhook webhook) {
        webhooks.insert(webhook);
    }

    public Optional<Webhook> find(String id) {
        return webhooks.find(id);
    }

    public List<Webhook> all() {
        return webhooks.all();
    }

    public Optional<Webhook> update(String id, UnaryOperator<Webhook> change) {
        return webhooks.update(id, change);
    }
}
