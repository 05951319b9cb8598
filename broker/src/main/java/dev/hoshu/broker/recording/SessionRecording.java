package dev.hoshu.broker.recording;

import dev.hoshu.recording.RecordingChain;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;

/**
 * One session's recording being written. Each append has written its line to the file before it
 * returns, so the caller may forward the bytes only after the call (record before forward, REQ-REC-2).
 * Any {@link IOException} means the caller must end the session (fail closed); after a failure every
 * further append fails too.
 */
public final class SessionRecording {

    private final String sessionId;
    private final Path file;
    private final FileChannel channel;
    private final RecordingChain chain;
    private final PrivateKey sealKey;
    // Event times come from the monotonic clock, so a wall-clock step cannot reorder them.
    private final long startNanos = System.nanoTime();
    private IOException failure;
    private boolean closed;

    SessionRecording(String sessionId, Path file, FileChannel channel, RecordingChain chain, PrivateKey sealKey)
            throws IOException {
        this.sessionId = sessionId;
        this.file = file;
        this.channel = channel;
        this.chain = chain;
        this.sealKey = sealKey;
        append(chain.headerLine());
    }

    public String sessionId() {
        return sessionId;
    }

    public Path file() {
        return file;
    }

    public synchronized void output(byte[] data) throws IOException {
        ensureOpen();
        append(chain.output(data, elapsedMillis()));
    }

    public synchronized void stderr(byte[] data) throws IOException {
        ensureOpen();
        append(chain.stderr(data, elapsedMillis()));
    }

    public synchronized void input(byte[] data) throws IOException {
        ensureOpen();
        append(chain.input(data, elapsedMillis()));
    }

    public synchronized void exec(String tool, List<String> args) throws IOException {
        ensureOpen();
        append(chain.exec(tool, args, elapsedMillis()));
    }

    public synchronized void exit(int status) throws IOException {
        ensureOpen();
        append(chain.exit(status, elapsedMillis()));
    }

    public synchronized void kill(String by, String reason) throws IOException {
        ensureOpen();
        append(chain.kill(by, reason, elapsedMillis()));
    }

    /** Writes the {@code end} event and the seal, forces the file to disk and closes it; idempotent. */
    public synchronized void close(String how) throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (failure == null) {
                long t = elapsedMillis();
                append(chain.end(how, t));
                append(chain.seal(sealKey, t));
                channel.force(true);
            }
        } finally {
            channel.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private void ensureOpen() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new IOException("recording of " + sessionId + " is closed");
        }
    }

    // Group commit comes with the recording issue: for now each event goes to the page cache with
    // write() (the bytes are in the file before the caller forwards) and the seal forces it to disk.
    private void append(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            failure = new IOException("cannot write recording " + file.getFileName() + ": " + e.getMessage(), e);
            throw failure;
        }
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
