package dev.hoshu.broker.fleet;

import dev.hoshu.broker.killswitch.LiveSession;
import java.util.List;
import java.util.Optional;

/** Which node relays which live session, shared by the fleet; entries lapse unless their node refreshes them. */
public interface SessionDirectory {

    /** Enters or refreshes the sessions {@code node} relays now. */
    void held(String node, List<LiveSession> sessions);

    void released(String sessionId);

    Optional<NodeSession> locate(String sessionId);

    /** Every entry that has not lapsed. */
    List<NodeSession> all();
}
