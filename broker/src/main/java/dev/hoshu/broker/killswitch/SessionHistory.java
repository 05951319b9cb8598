package dev.hoshu.broker.killswitch;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What became of this node's recent sessions, so the API can say that a killed session's device confirmed the
 * stop after the session itself is gone. Bounded: the oldest entries give way; recordings keep the full story.
 */
final class SessionHistory {

    static final int KEPT = 10_000;

    private final Clock clock;
    private final Map<String, SessionStatus> statuses = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SessionStatus> eldest) {
            return size() > KEPT;
        }
    };

    /** Killed sessions whose stop confirmation was passed on: a device may repeat it, the hospital hears it once. */
    private final Set<String> stopTold = Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > KEPT;
        }
    });

    SessionHistory(Clock clock) {
        this.clock = clock;
    }

    synchronized void started(LiveSession session) {
        statuses.put(session.id(), SessionStatus.live(session));
    }

    synchronized void killed(String sessionId, String by) {
        change(sessionId, status -> status.killed(by, clock.instant()));
    }

    synchronized void held(String sessionId, SessionState state) {
        change(sessionId, status -> status.held(state));
    }

    synchronized void ended(String sessionId) {
        change(sessionId, SessionStatus::ended);
    }

    /** @return the status after the confirmation, empty for a session this node does not know */
    synchronized Optional<SessionStatus> stopped(DeviceStop stop) {
        return Optional.ofNullable(change(stop.sessionId(), status -> status.stopped(stop)));
    }

    /**
     * @return the killed session's status with its device's stop, the first time it is asked for after the
     *         confirmation; empty before, after, and for a session that was not killed
     */
    synchronized Optional<SessionStatus> stopToTell(String sessionId) {
        SessionStatus status = statuses.get(sessionId);
        if (status == null || status.killedAt() == null || status.deviceStop() == null || !stopTold.add(sessionId)) {
            return Optional.empty();
        }
        return Optional.of(status);
    }

    synchronized Optional<SessionStatus> find(String sessionId) {
        return Optional.ofNullable(sessionId == null ? null : statuses.get(sessionId));
    }

    private SessionStatus change(String sessionId, UnaryOperator<SessionStatus> change) {
        return statuses.computeIfPresent(sessionId, (id, status) -> change.apply(status));
    }
}
