package dev.hoshu.broker.killswitch;

/** The running session a kill reaches; its relay implements it. */
@FunctionalInterface
public interface KillTarget {

    /**
     * Ends the session now: records who and why, tells the engineer, closes both channels.
     * Must not block: the whole kill has one second (REQ-KILL-2).
     */
    void kill(String by, String reason);
}
