package dev.hoshu.api.service;

import dev.hoshu.access.Actor;
import java.util.List;

/** Running sessions and the kill switch. Refusals are {@link RefusedException}s. */
public interface SessionService {

    /** The sessions the actor may see: their hospital's, or an engineer's own. */
    List<SessionView> sessions(Actor actor);

    /** One session, live or recently ended, with whether it was killed and when the device confirmed the stop. */
    SessionView session(Actor actor, String sessionId);

    KillResult kill(Actor actor, String sessionId, String reason);
}
