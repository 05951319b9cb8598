package dev.hoshu.broker.state;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Webhook subscriptions in the collection {@code webhooks}. */
public final class WebhookStore {

    private final RecordCollection<Webhook> webhooks;

    public WebhookStore(RecordCollections collections) {
        this.webhooks = collections.open("webhooks", Webhook.class, Webhook::id);
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
