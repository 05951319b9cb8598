package dev.hoshu.broker.recording;

import dev.hoshu.recording.RecordingChain;
import dev.hoshu.recording.TerminalSize;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * One session's recording being written. The byte events ({@link #output}, {@link #stderr}, {@link #input})
 * answer a future that completes once the line is on stable storage: the relay forwards the bytes only then
 * (record before forward, REQ-REC-2) and reads the next chunk only then (backpressure). The other events
 * return once their line is durable. A failure means the caller must end the session (fail closed); after a
 * failure every further append fails too.
 */
public final class SessionRecording {

    private final String sessionId;
    private final Path file;
    private final GroupCommitWriter writer;
    private final GroupCommitWriter.Target target;
    private final RecordingChain chain;
    private final PrivateKey sealKey;
    private final Runnable whenClosed;
    // Event times come from the monotonic clock, so a wall-clock step cannot reorder them.
    private final long startNanos = System.nanoTime();
    private boolean closed;
    private Consumer<String> tap = line -> { };
    private Runnable onSealed = () -> { };
    // Durable lines reach the tap in recording order, although the store completes batches on several threads.
    private CompletableFuture<Void> tapped = CompletableFuture.completedFuture(null);

    SessionRecording(String sessionId, Path file, GroupCommitWriter writer, GroupCommitWriter.Target target,
                     RecordingChain chain, PrivateKey sealKey, Runnable whenClosed) {
        this.sessionId = sessionId;
        this.file = file;
        this.writer = writer;
        this.target = target;
        this.chain = chain;
        this.sealKey = sealKey;
        this.whenClosed = whenClosed;
    }

    /** Writes the header line and waits until it is durable: a store that cannot write refuses the session here. */
    void writeHeader() throws IOException {
        await(append(chain.headerLine()));
    }

    /**
     * Hands every later line to {@code tap} once it is durable, in the order of the recording (the live view of
     * hospital observers). The tap must not block: it runs on the store's completion threads. {@code sealed} runs
     * after the last line, once the recording is closed.
     */
    public synchronized void tap(Consumer<String> tap, Runnable sealed) {
        this.tap = tap;
        this.onSealed = sealed;
    }

    public String sessionId() {
        return sessionId;
    }

    public Path file() {
        return file;
    }

    public synchronized CompletableFuture<Void> output(byte[] data) {
        return closed ? closedFailure() : append(chain.output(data, elapsedMillis()));
    }

    public synchronized CompletableFuture<Void> stderr(byte[] data) {
        return closed ? closedFailure() : append(chain.stderr(data, elapsedMillis()));
    }

    public synchronized CompletableFuture<Void> input(byte[] data) {
        return closed ? closedFailure() : append(chain.input(data, elapsedMillis()));
    }

    /** The engineer's terminal size, when the session gets its terminal and at every window change. */
    public synchronized CompletableFuture<Void> resize(TerminalSize size) {
        return closed ? closedFailure() : append(chain.resize(size, elapsedMillis()));
    }

    /** A signal the engineer's client sent the tool ({@code INT}, {@code TERM}). */
    public synchronized CompletableFuture<Void> signal(String name) {
        return closed ? closedFailure() : append(chain.signal(name, elapsedMillis()));
    }

    /**
     * One file of a transfer session (see {@link RecordingChain#file}); the bytes themselves are already recorded
     * as the session's {@code i} and {@code o} events.
     */
    public synchronized CompletableFuture<Void> file(String op, String path, long size, String sha256, String result) {
        return closed ? closedFailure() : append(chain.file(op, path, size, sha256, result, elapsedMillis()));
    }

    public void exec(String tool, List<String> args) throws IOException {
        CompletableFuture<Void> durable;
        synchronized (this) {
            durable = closed ? closedFailure() : append(chain.exec(tool, args, elapsedMillis()));
        }
        await(durable);
    }

    public void exit(int status) throws IOException {
        CompletableFuture<Void> durable;
        synchronized (this) {
            durable = closed ? closedFailure() : append(chain.exit(status, elapsedMillis()));
        }
        await(durable);
    }

    public void kill(String by, String reason) throws IOException {
        CompletableFuture<Void> durable;
        synchronized (this) {
            durable = closed ? closedFailure() : append(chain.kill(by, reason, elapsedMillis()));
        }
        await(durable);
    }

    /** The device confirmed that the killed session's tool is stopped ({@code deviceAt} by its clock, or null). */
    public void stop(int processes, java.time.Instant deviceAt) throws IOException {
        CompletableFuture<Void> durable;
        synchronized (this) {
            durable = closed ? closedFailure()
                    : append(chain.stop(processes, deviceAt == null ? null : deviceAt.toString(), elapsedMillis()));
        }
        await(durable);
    }

    /** A line the broker writes to the engineer's stderr; it is forwarded once this future completes. */
    public synchronized CompletableFuture<Void> notice(String text) {
        return closed ? closedFailure() : append(chain.notice(text, elapsedMillis()));
    }

    /** A hospital observer joined ({@code joined}) or left ({@code left}); {@code why} when they were dropped. */
    public void observer(String action, String subject, String why) throws IOException {
        CompletableFuture<Void> durable;
        synchronized (this) {
            durable = closed ? closedFailure() : append(chain.observer(action, subject, why, elapsedMillis()));
        }
        await(durable);
    }

    public void pause(String reason) throws IOException {
        CompletableFuture<Void> durable;
        synchronized (this) {
            durable = closed ? closedFailure() : append(chain.pause(reason, elapsedMillis()));
        }
        await(durable);
    }

    public void resume(String reason) throws IOException {
        CompletableFuture<Void> durable;
        synchronized (this) {
            durable = closed ? closedFailure() : append(chain.resume(reason, elapsedMillis()));
        }
        await(durable);
    }

    /**
     * Writes the {@code end} event and the seal, waits until they are durable and closes the file; idempotent.
     * After a write failure nothing more is written (the file keeps every line made durable before) and the
     * failure is thrown.
     */
    public void close(String how) throws IOException {
        CompletableFuture<Void> sealed;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (target.failure() == null) {
                long t = elapsedMillis();
                append(chain.end(how, t));
                sealed = append(chain.seal(sealKey, t));
            } else {
                sealed = CompletableFuture.failedFuture(target.failure());
            }
            Runnable afterLastLine = onSealed;
            tapped = tapped.whenComplete((ok, failure) -> afterLastLine.run());
        }
        CompletableFuture<Void> fileClosed = writer.close(target);
        try {
            await(sealed);
        } finally {
            try {
                await(fileClosed);
            } finally {
                whenClosed.run();
            }
        }
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private CompletableFuture<Void> append(String line) {
        RecordingUnavailableException failure = target.failure();
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<Void> durable = writer.append(target, (line + "\n").getBytes(StandardCharsets.UTF_8));
        Consumer<String> to = tap;
        tapped = tapped.thenCompose(previous -> durable).handle((ok, notDurable) -> {
            if (notDurable == null) {
                to.accept(line);
            }
            return null;
        });
        return durable;
    }

    private CompletableFuture<Void> closedFailure() {
        return CompletableFuture.failedFuture(new IOException("recording of " + sessionId + " is closed"));
    }

    private static void await(CompletableFuture<Void> durable) throws IOException {
        try {
            durable.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the recording");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
