package dev.hoshu.broker.killswitch;

import java.util.List;
import java.util.Optional;

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
}
