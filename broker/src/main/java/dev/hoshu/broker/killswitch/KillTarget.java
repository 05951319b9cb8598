package dev.hoshu.broker.killswitch;

/** The running session a kill reaches; its relay implements it. */
@FunctionalInterface
public interface KillTarget {

    /**
     * Ends the session now: records who and why, tells the engineer, closes both channels.
     * Must not block: the whole kill has one second (REQ-KILL-2).
     */
    void kill(String by, String reason);

    /**
     * Ends the session for a cause other than a kill (its device decommissioned); the engineer reads
     * {@code hoshu: session s-… <how>}. Same rules as {@link #kill}.
     */
    default void end(String by, String reason, String how) {
        kill(by, reason);
    }

    /** The device confirmed that it stopped the killed session's tool; the relay records it. */
    default void deviceStopped(DeviceStop stop) {
        // Nothing to record by default.
    }
}
