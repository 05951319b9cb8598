package dev.hoshu.bench.process;

/** Squeezes program output into one bounded line for a refusal or a failure message. */
public final class OneLine {

    private static final int MAX_CHARS = 300;

    private OneLine() {
    }

    public static String of(String text) {
        if (text == null || text.isBlank()) {
            return "(no message)";
        }
        String line = text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " | ").replaceAll("\\p{Cntrl}", "?");
        return line.length() <= MAX_CHARS ? line : line.substring(0, MAX_CHARS) + "…";
    }

    /** The last non-blank line, which is where ssh and sshd put the reason they stopped. */
    public static String lastOf(String text) {
        if (text == null) {
            return of(null);
        }
        String[] lines = text.strip().split("\\R");
        return of(lines[lines.length - 1]);
    }
}
