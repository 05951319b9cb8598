package dev.hoshu.recording;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a session's byte chunks back into terminal text. A character split across two chunks (stored as two
 * {@code b} events) is joined again instead of becoming two replacement characters; bytes that are not UTF-8
 * at all become U+FFFD, as a terminal shows them.
 */
public final class TerminalBytes {

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(0);

    /** The text of this chunk; the bytes of a character it leaves unfinished wait for the next chunk. */
    public String decode(byte[] chunk) {
        ByteBuffer in = ByteBuffer.allocate(pending.remaining() + chunk.length).put(pending).put(chunk).flip();
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        utf8.decode(in, out, false);
        pending = ByteBuffer.allocate(in.remaining()).put(in).flip();
        return out.flip().toString();
    }

    /** What is left at the end of the stream: an unfinished character becomes U+FFFD. */
    public String finish() {
        CharBuffer out = CharBuffer.allocate(pending.remaining() + 2);
        utf8.decode(pending, out, true);
        utf8.flush(out);
        pending = ByteBuffer.allocate(0);
        return out.flip().toString();
    }
}
