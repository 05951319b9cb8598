package dev.hoshu.tunnel.enroll;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells an agent's tunnel that arrived without a usable device certificate apart from an
 * enrollment. The broker asks for certificates of its device CA only, so an agent holding a
 * certificate from another CA sends none, and its SSH banner lands where an enrollment frame was
 * expected; this names that refusal instead of reporting an oversized frame.
 */
final class TunnelWithoutCertificate extends ByteToMessageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(TunnelWithoutCertificate.class);
    private static final byte[] SSH_BANNER = "SSH-".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < SSH_BANNER.length) {
            return;
        }
        for (int i = 0; i < SSH_BANNER.length; i++) {
            if (in.getByte(in.readerIndex() + i) != SSH_BANNER[i]) {
                ctx.pipeline().remove(this); // an enrollment: the buffered bytes go on to the frame decoder
                return;
            }
        }
        in.skipBytes(in.readableBytes());
        LOG.info("tunnel from {} refused: no device certificate issued by this broker's device CA",
                ctx.channel().remoteAddress());
        ctx.close();
    }
}
