package dev.hoshu.broker.fleet;

import java.util.function.Consumer;

/** Carries cuts between the nodes of a fleet; delivery is at most once, so the shared state stays the authority. */
public interface CutBus {

    /** Tells the other nodes; a failure is reported, never thrown, since a cut must not wait for the bus. */
    void publish(Cut cut);

    /** Calls {@code listener} for every cut another node publishes. */
    void subscribe(Consumer<Cut> listener);
}
