package dev.hoshu.api.service;

/**
 * A new subscription and the secret its deliveries are signed with. The broker shows the secret only in this
 * answer; whoever registers keeps it for the receiver.
 */
public record RegisteredWebhook(WebhookView webhook, String secret) {
}
