package dev.hoshu.broker.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/** An open audit log file that appends a line durably: when {@link #append} returns, the line is on disk. */
interface AuditFileSink extends Closeable {

    void append(String line) throws IOException;

    /** Opens a file for appending, creating it owner-only when asked to. */
    @FunctionalInterface
    interface Opener {
        AuditFileSink open(Path file, boolean create) throws IOException;
    }
}
