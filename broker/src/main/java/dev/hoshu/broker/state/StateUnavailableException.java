package dev.hoshu.broker.state;

/**
 * The shared state store cannot be reached or did not answer in time. Callers refuse what they were about to allow
 * ({@code refused: state store unavailable: …}); cutting access never waits for it.
 */
public final class StateUnavailableException extends RuntimeException {

    public StateUnavailableException(String reason, Throwable cause) {
        super("state store unavailable: " + oneLine(reason), cause);
    }

    /** The refusal line a user reads. */
    public String refusal() {
        return "refused: " + getMessage();
    }

    private static String oneLine(String reason) {
        String line = reason == null || reason.isBlank() ? "no answer" : reason.strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
