package dev.hoshu.chain;

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
    // Scanned a block at a time: a byte-at-a-time read made a broker's first audit event after a restart wait
    // seconds for the day's file to be verified.
    private final byte[] block = new byte[64 * 1024];
    private int blockStart;
    private int blockEnd;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private int number;

    public StrictLines(InputStream in, int maxLineBytes) {
        this.in = in;
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
        boolean any = false;
        while (true) {
            if (blockStart == blockEnd && !fill()) {
                return any;
            }
            any = true;
            int end = blockStart;
            while (end < blockEnd && block[end] != '\n') {
                end++;
            }
            int room = maxLineBytes + 1 - raw.size();
            if (room > 0) {
                raw.write(block, blockStart, Math.min(room, end - blockStart));
            }
            if (end < blockEnd) {
                blockStart = end + 1;
                return true;
            }
            blockStart = blockEnd;
        }
    }

    private boolean fill() throws IOException {
        int read = in.read(block);
        while (read == 0) {
            read = in.read(block);
        }
        blockStart = 0;
        blockEnd = Math.max(read, 0);
        return read > 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
