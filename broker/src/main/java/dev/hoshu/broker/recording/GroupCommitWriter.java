package dev.hoshu.broker.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's single writer thread: group commit. It takes every append waiting in its queue, writes each
 * file's lines, forces each file once, then completes the appends' futures. A lone keystroke costs one write
 * and one force; bulk output from many sessions shares each force.
 *
 * <p>Futures are completed on a separate pool, never on the writer thread: a caller that reacts to a durable
 * append by waiting for another one would otherwise wait for itself.
 */
final class GroupCommitWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    /** Bounds one batch (a relay chunk is at most 32 KiB, so at most ~32 MiB) and so the wait of the first append. */
    static final int MAX_BATCH = 1024;

    /** Queued by {@link #close()}: everything before it is still written, then the thread ends. */
    private static final Append STOP = new Append(null, null, CompletableFuture.completedFuture(null));

    private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    private final ExecutorService completions;
    private final Thread thread;
    private volatile boolean running = true;

    /** One file's state; its fields are touched by the writer thread only, except the published failure. */
    static final class Target {
        private final DurableFile file;
        private final String name;
        private long durableSize;
        // For the close line: how the group commit batched this file's lines (docs/benchmarks.md).
        private long lines;
        private long forces;
        private int mostLinesPerForce;
        private volatile RecordingUnavailableException failure;
        private boolean closed;

        Target(DurableFile file, String name) {
            this.file = file;
            this.name = name;
        }

        /** The failure that ended this file, or {@code null} while it is writable. */
        RecordingUnavailableException failure() {
            return failure;
        }
    }

    /** One line to make durable; a {@code null} line asks to close the file after everything before it. */
    private record Append(Target target, byte[] line, CompletableFuture<Void> done) {
    }

    GroupCommitWriter(String name) {
        AtomicInteger threads = new AtomicInteger();
        this.completions = Executors.newCachedThreadPool(task -> daemon(task, name + "-durable-" + threads.incrementAndGet()));
        this.thread = daemon(this::run, name + "-group-commit");
        thread.start();
    }

    /** Completes once the line is on stable storage; fails with {@link RecordingUnavailableException}. */
    CompletableFuture<Void> append(Target target, byte[] line) {
        return enqueue(new Append(target, line, new CompletableFuture<>()));
    }

    /** Closes the file once every append queued before has been handled. */
    CompletableFuture<Void> close(Target target) {
        return enqueue(new Append(target, null, new CompletableFuture<>()));
    }

    private CompletableFuture<Void> enqueue(Append append) {
        if (!running) {
            append.done().completeExceptionally(new RecordingUnavailableException("recording store stopped",
                    new IOException("the broker is shutting down")));
            return append.done();
        }
        queue.add(append);
        return append.done();
    }

    private void run() {
        List<Append> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // Never interrupted on purpose (an interrupt would close the FileChannels); keep serving.
                continue;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            stopping = batch.remove(STOP);
            try {
                commit(batch);
            } catch (RuntimeException e) {
                // A bug here must not strand the sessions waiting on this batch: fail them, keep the thread.
                log.error("group commit failed unexpectedly", e);
                batch.forEach(a -> a.done().completeExceptionally(e));
            }
            batch.clear();
        }
        queue.forEach(a -> a.done().completeExceptionally(new IOException("recording store stopped")));
    }

    private void commit(List<Append> batch) {
        Map<Target, List<Append>> byFile = new LinkedHashMap<>();
        for (Append append : batch) {
            byFile.computeIfAbsent(append.target(), t -> new ArrayList<>()).add(append);
        }
        Map<Target, IOException> failed = new LinkedHashMap<>();
        byFile.forEach((target, appends) -> {
            IOException failure = writeAndForce(target, appends);
            if (failure != null) {
                failed.put(target, failure);
            }
        });
        completions.execute(() -> byFile.forEach((target, appends) -> {
            IOException failure = failed.get(target);
            for (Append append : appends) {
                if (failure == null) {
                    append.done().complete(null);
                } else {
                    append.done().completeExceptionally(failure);
                }
            }
        }));
    }

    /** @return {@code null} when every line of the batch is durable, else why not */
    private IOException writeAndForce(Target target, List<Append> appends) {
        boolean closeAfter = appends.stream().anyMatch(a -> a.line() == null);
        IOException failure = target.failure;
        if (failure == null && target.closed && !appends.stream().allMatch(a -> a.line() == null)) {
            failure = new IOException("recording " + target.name + " is closed");
        }
        if (failure == null && !target.closed) {
            failure = writeLines(target, appends);
        }
        if (closeAfter && !target.closed) {
            target.closed = true;
            try {
                target.file.close();
            } catch (IOException e) {
                log.warn("recording {} did not close cleanly: {}", target.name, e.toString());
            }
            log.info("recording {} closed: {} lines, {} bytes in {} fsyncs (at most {} lines per fsync)", target.name,
                    target.lines, target.durableSize, target.forces, target.mostLinesPerForce);
            // A close after a failure has nothing left to lose: it succeeds, the failure was reported before.
            return appends.stream().allMatch(a -> a.line() == null) ? null : failure;
        }
        return failure;
    }

    private IOException writeLines(Target target, List<Append> appends) {
        int size = appends.stream().filter(a -> a.line() != null).mapToInt(a -> a.line().length).sum();
        if (size == 0) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.allocate(size);
        appends.stream().filter(a -> a.line() != null).forEach(a -> bytes.put(a.line()));
        bytes.flip();
        try {
            target.file.append(bytes);
            target.file.force();
            target.durableSize += size;
            int count = (int) appends.stream().filter(a -> a.line() != null).count();
            target.lines += count;
            target.forces++;
            target.mostLinesPerForce = Math.max(target.mostLinesPerForce, count);
            return null;
        } catch (IOException e) {
            RecordingUnavailableException failure = new RecordingUnavailableException("write failed", e);
            target.failure = failure;
            log.error("recording {}: {}; the session ends and new sessions are refused until writes succeed",
                    target.name, failure.getMessage());
            dropPartialLine(target);
            return failure;
        }
    }

    /** What was forced before stays; a half-written line would make the whole tail unverifiable, so it goes. */
    private static void dropPartialLine(Target target) {
        try {
            target.file.truncate(target.durableSize);
            target.file.force();
        } catch (IOException e) {
            log.warn("recording {}: could not cut a partial line back to {} bytes: {}", target.name,
                    target.durableSize, e.toString());
        }
    }

    @Override
    public void close() {
        running = false;
        queue.add(STOP);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        completions.shutdown();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
