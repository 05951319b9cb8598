package dev.hoshu.recording;

/**
 * One event of a recording as read back.
 *
 * @param tMillis milliseconds since the header's {@code started}
 * @param kind    {@code o}, {@code e}, {@code i}, {@code exec}, {@code exit}, {@code kill}, {@code end}, …
 * @param data    the bytes of an {@code o}, {@code e} or {@code i} event, else {@code null}
 * @param status  the exit status of an {@code exit} event, else {@code null}
 * @param size    the terminal size of a {@code resize} event, else {@code null}
 */
public record RecordedEvent(long index, long tMillis, String kind, byte[] data, Integer status, TerminalSize size) {

    public boolean isResize() {
        return "resize".equals(kind);
    }

    public boolean isOutput() {
        return "o".equals(kind) || "e".equals(kind);
    }

    public boolean isInput() {
        return "i".equals(kind);
    }
}
