package dev.hoshu.hospitalpolicy;

/** A policy document that cannot be loaded: the message is one line naming the line of the mistake. */
public final class PolicyFormatException extends RuntimeException {

    private final int line;

    PolicyFormatException(int line, String problem) {
        super((line > 0 ? "line " + line + ": " : "") + problem, null, false, false);
        this.line = line;
    }

    /** 1-based, or 0 when the mistake has no place (an empty document). */
    public int line() {
        return line;
    }
}
