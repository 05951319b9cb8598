package dev.hoshu.broker.state;

import java.time.Instant;
import java.util.List;

/**
 * A hospital's subscription to access notices. The secret signs each delivery, so it is kept as given out
 * (the state folder is the broker's alone). Removed subscriptions are kept, like unlocked locks.
 *
 * @param events the notices wanted; empty means all
 */
public record Webhook(String id, String hospital, String url, List<String> events, String secret, String createdBy,
                      Instant createdAt, Instant removedAt, String removedBy) {

    public Webhook {
        events = events == null ? List.of() : List.copyOf(events);
    }

    public boolean active() {
        return removedAt == null;
    }

    public boolean wants(String event) {
        return active() && (events.isEmpty() || events.contains(event));
    }

    public Webhook removed(Instant at, String by) {
        return new Webhook(id, hospital, url, events, secret, createdBy, createdAt, at, by);
    }
}
