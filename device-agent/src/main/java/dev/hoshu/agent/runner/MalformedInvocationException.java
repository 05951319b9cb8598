package dev.hoshu.agent.runner;

/** The exec request is not a tool invocation; the broker never sends one, so nothing about it is echoed back. */
public final class MalformedInvocationException extends Exception {

    public static final String MESSAGE = "refused: malformed tool invocation";

    public MalformedInvocationException() {
        super(MESSAGE, null, false, false);
    }
}
