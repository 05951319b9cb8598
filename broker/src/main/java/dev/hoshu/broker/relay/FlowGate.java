package dev.hoshu.broker.relay;

import java.util.concurrent.CompletableFuture;

/**
 * Holds a session's bytes while it is paused. Each pump waits here with the one chunk it has read and reads no
 * more, so what is held is bounded (a chunk per direction) and the SSH windows push back on both senders:
 * nothing is dropped, nothing piles up in the broker.
 */
final class FlowGate {

    private CompletableFuture<Void> open = CompletableFuture.completedFuture(null);
    private boolean removed;

    /** Completes when bytes may move; at once while the gate is open. */
    synchronized CompletableFuture<Void> passage() {
        return open;
    }

    synchronized void close() {
        if (!removed && open.isDone()) {
            open = new CompletableFuture<>();
        }
    }

    void open() {
        CompletableFuture<Void> waiting;
        synchronized (this) {
            waiting = open;
        }
        waiting.complete(null);
    }

    /** Opens for good: an ended session lets its pumps drain. */
    void remove() {
        synchronized (this) {
            removed = true;
        }
        open();
    }
}
