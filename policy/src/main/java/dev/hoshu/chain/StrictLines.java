package dev.hoshu.chain;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a chained file one {@code \n}-separated line at a time, decoding each as strict UTF-8, so a bad
 * byte or an oversized line is blamed on its own line and a hostile file never fills memory.
 */
public final class StrictLines implements AutoCloseable {

    /** One line read, or why it could not be: {@code problem} is set and {@code text} is null then. */
    public record Line(int number, String text, String problem) {
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private int number;

    public StrictLines(InputStream in, int maxLineBytes) {
        this.in = new BufferedInputStream(in);
        this.maxLineBytes = maxLineBytes;
    }

    /** @return the next line, or {@code null} at the end of the file */
    public Line next() throws IOException {
        if (!readLine()) {
            return null;
        }
        number++;
        if (raw.size() > maxLineBytes) {
            return new Line(number, null, "line longer than " + maxLineBytes + " bytes");
        }
        try {
            return new Line(number, utf8.decode(ByteBuffer.wrap(raw.toByteArray())).toString(), null);
        } catch (CharacterCodingException e) {
            return new Line(number, null, "not UTF-8");
        }
    }

    /** Reads up to the next {@code \n} (not included); stops collecting past the limit but keeps counting. */
    private boolean readLine() throws IOException {
        raw.reset();
        int b = in.read();
        if (b < 0) {
            return false;
        }
        while (b >= 0 && b != '\n') {
            if (raw.size() <= maxLineBytes) {
                raw.write(b);
            }
            b = in.read();
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
