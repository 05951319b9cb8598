package dev.hoshu.agent.runner;

/** Exit statuses the runner itself reports, chosen to read like a shell's to the engineer. */
public final class ExitStatus {

    /** The exec request was not a tool invocation. */
    public static final int MALFORMED = 2;
    /** Shell convention for "timed out" (timeout(1)). */
    public static final int TIMED_OUT = 124;
    /** Shell convention for "found but may not be executed": unknown, unsigned, changed or misused tool. */
    public static final int REFUSED = 126;

    private ExitStatus() {
    }
}
