package dev.hoshu.broker.relay;

import java.io.EOFException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoReadFuture;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * Moves one direction of a session: read a chunk, hand it to the sink, read the next chunk only when
 * the sink's future completes. That is the backpressure: a slow reader stalls the SSH window of the
 * fast side instead of filling the broker's heap, and no I/O thread ever blocks.
 */
final class StreamPump {

    static final int CHUNK = 32 * 1024;

    private final IoInputStream source;
    private final Function<byte[], CompletableFuture<Void>> sink;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    // Reads and sinks may complete inline; this counter turns that recursion into a loop.
    private final AtomicInteger wanted = new AtomicInteger();

    StreamPump(IoInputStream source, Function<byte[], CompletableFuture<Void>> sink) {
        this.source = source;
        this.sink = sink;
    }

    /** @return completes normally at end of stream, exceptionally when reading or the sink fails */
    CompletableFuture<Void> start() {
        readMore();
        return finished;
    }

    private void readMore() {
        if (wanted.getAndIncrement() != 0) {
            return;
        }
        do {
            readOnce();
        } while (wanted.decrementAndGet() != 0);
    }

    private void readOnce() {
        if (finished.isDone()) {
            return;
        }
        try {
            source.read(new ByteArrayBuffer(CHUNK, false)).addListener(this::onRead);
        } catch (RuntimeException e) {
            finished.completeExceptionally(e);
        }
    }

    private void onRead(IoReadFuture read) {
        Throwable failure = read.getException();
        if (failure != null) {
            if (failure instanceof EOFException || source.isClosing() || source.isClosed()) {
                finished.complete(null);
            } else {
                finished.completeExceptionally(failure);
            }
            return;
        }
        Buffer buffer = read.getBuffer();
        byte[] data = new byte[buffer.available()];
        buffer.getRawBytes(data);
        CompletableFuture<Void> accepted;
        try {
            accepted = sink.apply(data);
        } catch (RuntimeException e) {
            accepted = CompletableFuture.failedFuture(e);
        }
        accepted.whenComplete((ignored, sinkFailure) -> {
            if (sinkFailure != null) {
                finished.completeExceptionally(sinkFailure);
            } else {
                readMore();
            }
        });
    }
}
