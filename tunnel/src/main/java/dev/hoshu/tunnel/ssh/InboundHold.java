package dev.hoshu.tunnel.ssh;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Keeps the bytes that arrive between the end of the TLS handshake and the moment SSH is bound
 * (the peer's SSH identification often travels with the handshake's last flight). Removing it
 * hands the kept bytes, in order, to the handler after it.
 */
public final class InboundHold extends ChannelInboundHandlerAdapter {

    public static final String NAME = "hoshu-inbound-hold";

    /** An SSH identification and KEXINIT are a few KiB; more before SSH is bound is hostile. */
    private static final int MAX_HELD_BYTES = 256 * 1024;

    private final Queue<Object> held = new ArrayDeque<>();
    private int heldBytes;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            heldBytes += buf.readableBytes();
        }
        held.add(msg);
        if (heldBytes > MAX_HELD_BYTES) {
            releaseHeld();
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        boolean any = !held.isEmpty();
        for (Object msg = held.poll(); msg != null; msg = held.poll()) {
            ctx.fireChannelRead(msg);
        }
        if (any) {
            ctx.fireChannelReadComplete();
        }
    }

    private void releaseHeld() {
        for (Object msg = held.poll(); msg != null; msg = held.poll()) {
            ReferenceCountUtil.release(msg);
        }
        heldBytes = 0;
    }
}
