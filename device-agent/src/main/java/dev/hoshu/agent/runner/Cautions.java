package dev.hoshu.agent.runner;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.hoshu.tools.ToolManifest;

/**
 * The manifest's cautions as the engineer reads them before the tool's first byte:
 * {@code hoshu: caution (logcollect 1.0.0): The error log holds no patient data; …}, one line each, on the
 * channel's stderr, which the broker records as what the engineer saw. They come from the manifest the agent has
 * just verified, so they are the cautions of the version that runs.
 */
final class Cautions {

    /** A signed manifest is the manufacturer's word, but a screenful is as much as anyone reads at session start. */
    static final int MAX_LINES = 16;
    static final int MAX_CHARS = 1000;

    private Cautions() {
    }

    /**
     * @param inTerminal the engineer's terminal is in raw mode ({@code ssh -t}): a line ends with CR LF there
     * @return the bytes to write, empty when the manifest has no cautions
     */
    static byte[] of(ToolManifest manifest, boolean inTerminal) {
        List<String> cautions = manifest.cautions();
        StringBuilder text = new StringBuilder();
        String prefix = "hoshu: caution (" + printable(manifest.name()) + " " + printable(manifest.version()) + "): ";
        String end = inTerminal ? "\r\n" : "\n";
        cautions.stream().limit(MAX_LINES).forEach(caution -> text.append(prefix).append(printable(caution)).append(end));
        if (cautions.size() > MAX_LINES) {
            text.append(prefix).append(cautions.size() - MAX_LINES).append(" more in the tool's manifest").append(end);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * No control character reaches the engineer's terminal: C0 and C1 controls (ESC, and CSI U+009B, which a terminal
     * reads as ESC [) could hide or rewrite lines, and invisible format characters (a bidi override U+202E, a
     * zero-width space U+200B) could make a line read other than it is written. Each becomes one {@code ?}.
     */
    static String printable(String value) {
        String cut = value.codePointCount(0, value.length()) > MAX_CHARS
                ? value.substring(0, value.offsetByCodePoints(0, MAX_CHARS)) + "…" : value;
        StringBuilder shown = new StringBuilder(cut.length());
        cut.codePoints().forEach(cp -> {
            if (hidesOrRewrites(cp)) {
                shown.append('?');
            } else {
                shown.appendCodePoint(cp);
            }
        });
        return shown.toString();
    }

    private static boolean hidesOrRewrites(int codePoint) {
        return Character.isISOControl(codePoint)
                || Character.getType(codePoint) == Character.FORMAT
                || Character.getType(codePoint) == Character.LINE_SEPARATOR
                || Character.getType(codePoint) == Character.PARAGRAPH_SEPARATOR;
    }
}
