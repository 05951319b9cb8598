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
        return state == SessionState.LIVE ? new SessionStatus(session, SessionState.KILLED, at, by, deviceStop) : this;
    }

    SessionStatus ended() {
        return state == SessionState.LIVE ? new SessionStatus(session, SessionState.ENDED, null, null, deviceStop) : this;
    }

    SessionStatus stopped(DeviceStop stop) {
        return deviceStop == null ? new SessionStatus(session, state, killedAt, killedBy, stop) : this;
    }
}
