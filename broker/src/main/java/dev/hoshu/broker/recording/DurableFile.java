package dev.hoshu.broker.recording;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One recording file as the group-commit writer sees it. A separate seam from {@link java.nio.channels.FileChannel}
 * so tests can pause or fail the disk and show that nothing is forwarded before it is recorded.
 */
public interface DurableFile extends Closeable {

    /** Writes all remaining bytes at the end of the file (into the page cache; not yet durable). */
    void append(ByteBuffer bytes) throws IOException;

    /** Puts everything appended so far on stable storage. */
    void force() throws IOException;

    /** Cuts the file back to {@code size} bytes, to drop a half-written line after a failed append. */
    void truncate(long size) throws IOException;
}
