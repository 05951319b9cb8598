package dev.hoshu.api.service;

import dev.hoshu.access.Actor;
import java.util.List;

/** Webhook subscriptions of a hospital: where its access notices are posted, and how those deliveries went. */
public interface WebhookService {

    /** Registers a subscription for the actor's hospital; the answer carries the signing secret, this once only. */
    RegisteredWebhook register(Actor actor, NewWebhook webhook);

    /** The subscriptions of the actor's hospital that were not removed. */
    List<WebhookView> webhooks(Actor actor);

    WebhookView remove(Actor actor, String webhookId);

    /** The newest deliveries of one of the actor's hospital's subscriptions, newest first. */
    List<DeliveryView> deliveries(Actor actor, String webhookId);
}
