package dev.hoshu.broker.workorder;

import dev.hoshu.api.service.RefusedException;

/**
 * The free text of a closure as it may go into a signed report: trimmed, at most {@value #MAX_CHARS} characters, no
 * control characters but line breaks and no invisible format characters, since a report is read by people who must
 * see every character it holds.
 */
final class ClosingText {

    static final int MAX_CHARS = 2000;

    private ClosingText() {
    }

    /** {@code text} stripped, or {@code null} when blank. */
    static String of(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String stripped = text.strip();
        if (stripped.codePointCount(0, stripped.length()) > MAX_CHARS) {
            throw RefusedException.badRequest("refused: " + field + " is longer than " + MAX_CHARS + " characters");
        }
        boolean hidden = stripped.codePoints().anyMatch(cp -> (Character.isISOControl(cp) && cp != '\n')
                || Character.getType(cp) == Character.FORMAT || cp == 0x2028 || cp == 0x2029);
        if (hidden) {
            throw RefusedException.badRequest("refused: " + field
                    + " holds control or invisible format characters; write plain text");
        }
        return stripped;
    }
}
