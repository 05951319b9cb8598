package dev.hoshu.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Text that is safe to print on a user's terminal. Anything the broker sends back is untrusted: a
 * control character could move the cursor, rewrite an earlier line or smuggle a second line into a
 * one-line refusal, so they are replaced before printing.
 */
public final class TerminalText {

    private static final int MAX_LINE = 500;

    private TerminalText() {
    }

    /** {@code text} as a single printable line, control characters replaced and overlong text cut. */
    public static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder line = new StringBuilder(Math.min(text.length(), MAX_LINE));
        text.codePoints().limit(MAX_LINE).forEach(c -> line.appendCodePoint(printable(c) ? c : '?'));
        return text.codePointCount(0, text.length()) > MAX_LINE ? line + "…" : line.toString();
    }

    /** Wall-clock time as people at the console read it, for example {@code 17:42 JST}. */
    public static String clockTime(Instant instant, ZoneId zone) {
        return DateTimeFormatter.ofPattern("HH:mm zzz", Locale.ROOT).withZone(zone).format(instant);
    }

    private static boolean printable(int c) {
        return !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT
                && c != '\u2028' && c != '\u2029';
    }
}
