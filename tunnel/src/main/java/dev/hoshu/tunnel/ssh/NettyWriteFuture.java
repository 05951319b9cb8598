package dev.hoshu.tunnel.ssh;

import io.netty.util.concurrent.Future;
import java.io.IOException;
import org.apache.sshd.common.io.AbstractIoWriteFuture;

/** MINA's view of one Netty write: written when Netty says the bytes left for the socket. */
final class NettyWriteFuture extends AbstractIoWriteFuture {

    NettyWriteFuture(Object id) {
        super(id, null);
    }

    @Override
    public void setValue(Object value) {
        super.setValue(value);
    }

    void completeFrom(Future<?> write) {
        if (write.isSuccess()) {
            setValue(Boolean.TRUE);
        } else {
            Throwable cause = write.cause();
            setValue(cause != null ? cause : new IOException("write cancelled"));
        }
    }
}
