package dev.hoshu.api.service;

import dev.hoshu.access.Actor;
import java.util.List;
import java.util.concurrent.Flow;

/** Running sessions and the kill switch. Refusals are {@link RefusedException}s. */
public interface SessionService {

    /** The sessions the actor may see: their hospital's, or an engineer's own. */
    List<SessionView> sessions(Actor actor);

    /** One session, live or recently ended, with whether it was killed and when the device confirmed the stop. */
    SessionView session(Actor actor, String sessionId);

    KillResult kill(Actor actor, String sessionId, String reason);

    /**
     * Joins a live session as a hospital observer (approver or auditor of its hospital; never its own engineer).
     * The view is read-only and counts as the observer's presence for as long as it is read: one JSON object per
     * item, first {@code {"k":"live",…}} with the session and who watches, then the session's recording events as
     * they become durable; it ends with the session (docs/observers.md). Refusals are thrown before it starts.
     */
    Flow.Publisher<String> watch(Actor actor, String sessionId);
}
