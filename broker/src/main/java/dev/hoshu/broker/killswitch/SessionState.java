package dev.hoshu.broker.killswitch;

import java.util.Locale;

/** Where a session is in its life, as the API reports it. */
public enum SessionState {
    LIVE,
    /** Ended by the kill switch, a lock or the broker. */
    KILLED,
    /** Ended by itself: the tool exited or the engineer left. */
    ENDED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
