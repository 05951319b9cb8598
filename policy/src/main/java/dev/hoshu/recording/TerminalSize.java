package dev.hoshu.recording;

/**
 * The size of the engineer's terminal, in character cells, as the SSH {@code pty-req} and {@code window-change}
 * requests carry it. The bounds are what a screen can show; anything outside them is a forged or broken
 * request and is refused rather than recorded.
 */
public record TerminalSize(int columns, int rows) {

    public static final int MAX_CELLS = 4096;

    public TerminalSize {
        if (columns < 1 || columns > MAX_CELLS || rows < 1 || rows > MAX_CELLS) {
            throw new IllegalArgumentException("terminal size " + columns + "x" + rows + " is outside 1x1 to "
                    + MAX_CELLS + "x" + MAX_CELLS);
        }
    }

    /** As asciicast v2 writes a resize: {@code 100x30}. */
    public String asText() {
        return columns + "x" + rows;
    }
}
