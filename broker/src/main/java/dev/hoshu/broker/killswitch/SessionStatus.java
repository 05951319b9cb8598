package dev.hoshu.broker.killswitch;

import java.time.Instant;

/**
 * A session of this node, live or recently over: whether it was killed, by whom, and when its device confirmed
 * the tool was stopped.
 */
public record SessionStatus(LiveSession session, SessionState state, Instant killedAt, String killedBy,
                            DeviceStop deviceStop) {

    public static SessionStatus live(LiveSession session) {
        return new SessionStatus(session, SessionState.LIVE, null, null, null);
    }

    SessionStatus killed(String by, Instant at) {
        return state.live() ? new SessionStatus(session, SessionState.KILLED, at, by, deviceStop) : this;
    }

    SessionStatus ended() {
        return state.live() ? new SessionStatus(session, SessionState.ENDED, null, null, deviceStop) : this;
    }

    /** A live session moving between running, waiting for an observer and paused. */
    SessionStatus held(SessionState live) {
        return state.live() && live.live() ? new SessionStatus(session, live, killedAt, killedBy, deviceStop) : this;
    }

    SessionStatus stopped(DeviceStop stop) {
        return deviceStop == null ? new SessionStatus(session, state, killedAt, killedBy, stop) : this;
    }
}
