package dev.hoshu.broker.relay;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * Queues writes to an SSH async stream one after another: MINA allows one pending write per stream,
 * and a kill message may arrive while relayed output is still in flight.
 */
public final class OrderedWriter {

    private final IoOutputStream out;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    public OrderedWriter(IoOutputStream out) {
        this.out = out;
    }

    public synchronized CompletableFuture<Void> write(byte[] data) {
        CompletableFuture<Void> next = tail.handle((ignored, failure) -> null).thenCompose(ignored -> send(data));
        tail = next;
        return next;
    }

    private CompletableFuture<Void> send(byte[] data) {
        CompletableFuture<Void> written = new CompletableFuture<>();
        try {
            out.writeBuffer(new ByteArrayBuffer(data)).addListener(f -> complete(written, f));
        } catch (IOException | RuntimeException e) {
            written.completeExceptionally(e);
        }
        return written;
    }

    private static void complete(CompletableFuture<Void> written, IoWriteFuture f) {
        if (f.isWritten()) {
            written.complete(null);
        } else {
            Throwable why = f.getException();
            written.completeExceptionally(why != null ? why : new IOException("write not completed"));
        }
    }
}
