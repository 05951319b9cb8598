package dev.hoshu.broker.killswitch;

import java.util.Locale;

/** Where a session is in its life, as the API reports it. */
public enum SessionState {
    LIVE,
    /** Registered, but its tool waits for a hospital observer to join (four-eyes). */
    WAITING,
    /** Running, but held: its last observer left, so no byte moves until one joins again. */
    PAUSED,
    /** Ended by the kill switch, a lock or the broker. */
    KILLED,
    /** Ended by itself: the tool exited or the engineer left. */
    ENDED;

    /** The session still runs on this node (waiting and paused ones too). */
    public boolean live() {
        return this == LIVE || this == WAITING || this == PAUSED;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
