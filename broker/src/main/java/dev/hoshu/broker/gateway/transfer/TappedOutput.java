package dev.hoshu.broker.gateway.transfer;

import java.io.IOException;
import java.util.Arrays;
import org.apache.sshd.common.future.CloseFuture;
import org.apache.sshd.common.future.SshFutureListener;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * An SSH stream that shows every chunk to a tap before writing it: the tap sees exactly the bytes that are
 * forwarded, in order. A tap that cannot read them fails the write, which ends the session.
 */
public final class TappedOutput implements IoOutputStream {

    /** What sees the bytes. */
    @FunctionalInterface
    public interface Tap {
        void accept(byte[] chunk) throws IOException;
    }

    private final IoOutputStream target;
    private final Tap tap;

    public TappedOutput(IoOutputStream target, Tap tap) {
        this.target = target;
        this.tap = tap;
    }

    @Override
    public IoWriteFuture writeBuffer(Buffer buffer) throws IOException {
        tap.accept(Arrays.copyOfRange(buffer.array(), buffer.rpos(), buffer.wpos()));
        return target.writeBuffer(buffer);
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
