package dev.hoshu.api.service;

import java.time.Instant;
import java.util.List;

/** A subscription as the API shows it: never with its secret. */
public record WebhookView(String id, String hospital, String url, List<String> events, String createdBy,
                          Instant createdAt, Instant removedAt, String removedBy) {

    public WebhookView {
        events = List.copyOf(events);
    }
}
