package dev.hoshu.broker.gateway.transfer;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.sshd.common.channel.IoWriteFutureImpl;
import org.apache.sshd.common.future.CloseFuture;
import org.apache.sshd.common.future.SshFutureListener;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * An SSH stream two writers may share: MINA allows one pending write per stream, and the gateway's own
 * refusal lines go to the engineer's stderr beside what the device writes there.
 */
public final class SerialOutput implements IoOutputStream {

    private final IoOutputStream target;
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    public SerialOutput(IoOutputStream target) {
        this.target = target;
    }

    @Override
    public synchronized IoWriteFuture writeBuffer(Buffer buffer) {
        IoWriteFutureImpl result = new IoWriteFutureImpl(this, buffer);
        CompletableFuture<Void> done = new CompletableFuture<>();
        tail.whenComplete((ignored, failure) -> {
            try {
                target.writeBuffer(buffer).addListener(written -> {
                    result.setValue(written.isWritten() ? Boolean.TRUE
                            : written.getException() != null ? written.getException()
                            : new IOException("write not completed"));
                    done.complete(null);
                });
            } catch (IOException | RuntimeException e) {
                result.setValue(e);
                done.complete(null);
            }
        });
        tail = done;
        return result;
    }

    @Override
    public CloseFuture close(boolean immediately) {
        return target.close(immediately);
    }

    @Override
    public void addCloseFutureListener(SshFutureListener<CloseFuture> listener) {
        target.addCloseFutureListener(listener);
    }

    @Override
    public void removeCloseFutureListener(SshFutureListener<CloseFuture> listener) {
        target.removeCloseFutureListener(listener);
    }

    @Override
    public boolean isClosed() {
        return target.isClosed();
    }

    @Override
    public boolean isClosing() {
        return target.isClosing();
    }
}
