package dev.hoshu.broker.killswitch;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The sessions running on this broker node, and the switch that ends them. */
public interface LiveSessions {

    List<LiveSession> list();

    Optional<LiveSession> find(String sessionId);

    /**
     * Ends a session at once: the engineer's channel closes with the reason on stderr and a non-zero
     * exit, the device channel closes (the agent stops the tool's process tree), the grant is revoked
     * and the recording gets a {@code kill} event naming who and why.
     *
     * @return false when no such session runs here
     */
    boolean kill(String sessionId, String reason, String by);

    /** A live or recently ended session, with whether it was killed and when its device confirmed the stop. */
    default Optional<SessionStatus> status(String sessionId) {
        return find(sessionId).map(SessionStatus::live);
    }

    /**
     * Ends every session on a device the way {@link #kill} does (grant revoked, recorded, engineer told),
     * with the engineer reading {@code hoshu: session s-… <how>}.
     *
     * @return the ids of the sessions ended
     */
    default List<String> endAllOn(String device, String by, String reason, String how) {
        List<String> ended = list().stream().filter(s -> s.device().equals(device)).map(LiveSession::id).toList();
        ended.forEach(id -> kill(id, reason, by));
        return ended;
    }

    /**
     * Calls {@code listener} when a device confirms it stopped the tool of a session that was cut (killed, locked,
     * ended by a decommissioning), with the session's status including the confirmation. A node that hears no
     * confirmations never calls it.
     */
    default void whenDeviceStops(Consumer<SessionStatus> listener) {
    }
}
