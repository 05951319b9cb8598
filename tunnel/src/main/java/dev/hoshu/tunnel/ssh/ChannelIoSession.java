package dev.hoshu.tunnel.ssh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.future.CloseFuture;
import org.apache.sshd.common.future.DefaultCloseFuture;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoService;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.common.util.closeable.AbstractCloseable;

/**
 * A MINA {@link IoSession} over a Netty channel that someone else connected: bytes read from the
 * channel go to MINA's {@link IoHandler}, MINA's writes go to the channel, and MINA's read
 * suspension maps to Netty's auto-read, so a slow SSH peer slows the TCP sender.
 */
final class ChannelIoSession extends AbstractCloseable implements IoSession {

    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final Map<Object, Object> attributes = new ConcurrentHashMap<>();
    private final Channel channel;
    private final IoHandler handler;
    private final IoService service;
    private final ChannelHandler adapter = new Adapter();

    ChannelIoSession(Channel channel, IoHandler handler) {
        this.channel = channel;
        this.handler = handler;
        this.service = new ChannelIoService(this);
    }

    /** The pipeline handler that feeds this session; add it last. */
    ChannelHandler adapter() {
        return adapter;
    }

    @Override
    public long getId() {
        return id;
    }

    @Override
    public SocketAddress getAcceptanceAddress() {
        return channel.localAddress();
    }

    @Override
    public SocketAddress getRemoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public SocketAddress getLocalAddress() {
        return channel.localAddress();
    }

    @Override
    public Object getAttribute(Object key) {
        return attributes.get(key);
    }

    @Override
    public Object setAttribute(Object key, Object value) {
        return attributes.put(key, value);
    }

    @Override
    public Object setAttributeIfAbsent(Object key, Object value) {
        return attributes.putIfAbsent(key, value);
    }

    @Override
    public Object removeAttribute(Object key) {
        return attributes.remove(key);
    }

    @Override
    public IoWriteFuture writeBuffer(Buffer buffer) {
        // MINA may reuse the buffer once this returns, so the bytes are copied, not wrapped
        ByteBuf bytes = Unpooled.copiedBuffer(buffer.array(), buffer.rpos(), buffer.available());
        NettyWriteFuture future = new NettyWriteFuture(this);
        // always through the task queue: a write made directly on the event loop could overtake one
        // queued earlier from a command thread, and SSH packets must leave in sequence-number order
        try {
            channel.eventLoop().execute(() -> channel.writeAndFlush(bytes).addListener(future::completeFrom));
        } catch (RejectedExecutionException e) {
            bytes.release();
            future.setValue(new IOException("tunnel closed"));
        }
        return future;
    }

    @Override
    public IoService getService() {
        return service;
    }

    /** Half-closing a TLS stream is not something the tunnel does; ending output ends the tunnel. */
    @Override
    public void shutdownOutputStream() {
        channel.close();
    }

    @Override
    public void suspendRead() {
        channel.config().setAutoRead(false);
    }

    @Override
    public void resumeRead() {
        channel.config().setAutoRead(true);
    }

    @Override
    protected CloseFuture doCloseGracefully() {
        DefaultCloseFuture closed = new DefaultCloseFuture(toString(), futureLock);
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER)
                .addListener(flushed -> channel.close().addListener(done -> closed.setClosed()));
        return closed;
    }

    @Override
    protected void doCloseImmediately() {
        channel.close();
        super.doCloseImmediately();
    }

    @Override
    public String toString() {
        return "ChannelIoSession[" + id + " " + channel.remoteAddress() + "]";
    }

    private final class Adapter extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (!(msg instanceof ByteBuf buf)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            byte[] bytes;
            try {
                bytes = ByteBufUtil.getBytes(buf);
            } finally {
                buf.release();
            }
            try {
                handler.messageReceived(ChannelIoSession.this, new ByteArrayBuffer(bytes));
            } catch (Exception e) {
                handler.exceptionCaught(ChannelIoSession.this, e);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            try {
                handler.sessionClosed(ChannelIoSession.this);
            } finally {
                close(true);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            handler.exceptionCaught(ChannelIoSession.this, cause);
        }
    }
}
