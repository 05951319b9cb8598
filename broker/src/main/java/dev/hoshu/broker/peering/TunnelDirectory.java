package dev.hoshu.broker.peering;

import java.util.Map;
import java.util.Optional;

/**
 * Which node holds which device's tunnel. Entries lapse by themselves when their node stops refreshing them, so a
 * crashed node's tunnels drop out. Every call may throw {@link dev.hoshu.broker.state.StateUnavailableException}.
 */
public interface TunnelDirectory {

    /** Records that {@code holder} holds the device's tunnel now; the newest registration wins. */
    void register(String device, TunnelHolder holder);

    /** Extends the entries {@code holder} still owns (or writes them again when they lapsed); never takes another's. */
    void refresh(Map<String, TunnelHolder> held);

    /** Removes the device's entry only if it is still {@code holder}'s, so a newer registration elsewhere stays. */
    void release(String device, TunnelHolder holder);

    Optional<TunnelHolder> holder(String device);

    /** How long an entry holds without a refresh. */
    java.time.Duration ttl();
}
